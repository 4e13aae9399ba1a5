//! What the user asks of a column from its header: the grid draws the header, the grid's
//! state (`grid_view`) carries it out.

use crate::dynamodb::model::ColumnId;

/// What the user chose on a column's header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnAction {
    /// A click: ascending, then descending, then unsorted.
    Sort(ColumnId),
    /// Sort in the given direction (`true`: descending).
    SortDirection(ColumnId, bool),
    Hide(ColumnId),
    /// Move the column by this many places (negative: left).
    Move(ColumnId, isize),
}
