//! Query and scan requests as the builder describes them, turned into DynamoDB expressions.
//!
//! Every attribute name goes through a `#nN` placeholder and every value through a `:vN`
//! placeholder, so names with dots, dashes, spaces, unicode or reserved words just work.

mod filter;
mod path;
mod placeholders;
mod request;
mod spec;
mod typed_input;

pub use filter::{Comparator, FilterOp, FilterSpec, SortKeyCondition};
pub use path::{PathElement, parse_path, quote_name};
pub use request::ItemsRequest;
pub use spec::{Field, FieldError, ItemsRequestSpec, Operation, SortKeySpec};
pub use typed_input::{ScalarKind, TypedInput};
