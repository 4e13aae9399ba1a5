//! Inference over a store of loaded items: the whole schema, the discriminators worth
//! offering, and the entities of the chosen one, in one pass over the items each.

use super::entities::{Discriminator, EntitiesBuilder, EntitySchema, propose};
use super::infer::{InferredSchema, SchemaBuilder};
use crate::dynamodb::model::ItemStore;

/// Everything the Schema tab shows for one set of items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreSchema {
    pub overall: InferredSchema,
    pub proposals: Vec<Discriminator>,
    /// The items grouped by the discriminator asked for, if any.
    pub entities: Option<(Discriminator, Vec<EntitySchema>)>,
}

/// Reads the schema of every item in `store`; `keys` lead (partition, then sort).
pub fn infer_store(
    store: &ItemStore,
    keys: &[&str],
    discriminator: Option<&Discriminator>,
) -> StoreSchema {
    let mut overall = SchemaBuilder::new();
    let mut grouped = discriminator.map(|d| EntitiesBuilder::new(d.clone()));
    let mut attributes = Vec::new();
    for item in store.items() {
        attributes.clear();
        attributes.extend(
            item.attributes()
                .iter()
                .map(|(column, value)| (store.column_name(*column), value)),
        );
        overall.add_item(attributes.iter().copied());
        if let Some(grouped) = &mut grouped {
            grouped.add_item(&attributes);
        }
    }
    let overall = overall.finish(keys);
    StoreSchema {
        proposals: propose(&overall, keys),
        entities: discriminator.cloned().zip(grouped.map(|g| g.finish(keys))),
        overall,
    }
}
