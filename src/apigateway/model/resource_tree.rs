//! The resource tree of a REST API: GetResources lists resources flat, each naming its parent;
//! the view shows them as a tree, parents before children, siblings by path.

use std::collections::{HashMap, HashSet};

use crate::apigateway::model::rest_api::RestResource;

/// One row of the tree: a resource (by id, and by its place in the slice given) and how deep
/// it sits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeRow {
    pub resource_id: String,
    /// Where the resource is in the slice the tree was built from.
    pub index: usize,
    /// 0 for the root (and for any resource whose parent is not listed).
    pub depth: usize,
}

/// Orders resources as a depth-first tree. Every resource appears exactly once, whatever the
/// service sent: a missing parent makes a resource a root, and a cycle (or a duplicate id) is
/// broken where it would repeat a resource, so hostile input neither loops nor hides rows.
pub fn resource_tree(resources: &[RestResource]) -> Vec<TreeRow> {
    let ids: HashSet<&str> = resources.iter().map(|r| r.id.as_str()).collect();
    let mut children: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut roots = Vec::new();
    for (index, resource) in resources.iter().enumerate() {
        match resource.parent_id.as_deref() {
            Some(parent) if parent != resource.id && ids.contains(parent) => {
                children.entry(parent).or_default().push(index);
            }
            _ => roots.push(index),
        }
    }
    let by_path = |a: &usize, b: &usize| {
        let (a, b) = (&resources[*a], &resources[*b]);
        a.path.cmp(&b.path).then_with(|| a.id.cmp(&b.id))
    };
    roots.sort_by(by_path);
    for list in children.values_mut() {
        list.sort_by(by_path);
    }
    let mut rows = Vec::with_capacity(resources.len());
    let mut placed = vec![false; resources.len()];
    let mut seen_ids: HashSet<&str> = HashSet::new();
    // Resources caught in a cycle have no root above them: they start trees of their own.
    let mut starts = roots;
    let mut next_unplaced = 0;
    loop {
        for root in std::mem::take(&mut starts) {
            // An explicit stack rather than recursion: depth is the service's to choose.
            let mut stack = vec![(root, 0usize)];
            while let Some((index, depth)) = stack.pop() {
                if placed[index] {
                    continue;
                }
                placed[index] = true;
                let resource = &resources[index];
                // A repeated id would send its children twice: they hang under the first.
                let first = seen_ids.insert(resource.id.as_str());
                rows.push(TreeRow {
                    resource_id: resource.id.clone(),
                    index,
                    depth,
                });
                if first && let Some(list) = children.get(resource.id.as_str()) {
                    stack.extend(list.iter().rev().map(|child| (*child, depth + 1)));
                }
            }
        }
        while next_unplaced < resources.len() && placed[next_unplaced] {
            next_unplaced += 1;
        }
        if next_unplaced == resources.len() {
            return rows;
        }
        starts.push(next_unplaced);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(id: &str, parent: Option<&str>, path: &str) -> RestResource {
        RestResource {
            id: id.to_owned(),
            parent_id: parent.map(ToOwned::to_owned),
            path: path.to_owned(),
            ..Default::default()
        }
    }

    fn shown(resources: &[RestResource]) -> Vec<(String, usize)> {
        resource_tree(resources)
            .into_iter()
            .map(|row| (row.resource_id, row.depth))
            .collect()
    }

    fn ids(rows: &[(String, usize)]) -> Vec<&str> {
        rows.iter().map(|(id, _)| id.as_str()).collect()
    }

    #[test]
    fn parents_come_before_children_and_siblings_sort_by_path() {
        let resources = [
            resource("f", Some("r"), "/files"),
            resource("ii", Some("i"), "/items/{itemId}"),
            resource("p", Some("f"), "/files/{proxy+}"),
            resource("r", None, "/"),
            resource("i", Some("r"), "/items"),
            resource("a", Some("r"), "/about"),
        ];
        assert_eq!(
            shown(&resources),
            [
                ("r".to_owned(), 0),
                ("a".to_owned(), 1),
                ("f".to_owned(), 1),
                ("p".to_owned(), 2),
                ("i".to_owned(), 1),
                ("ii".to_owned(), 2),
            ]
        );
        for row in resource_tree(&resources) {
            assert_eq!(resources[row.index].id, row.resource_id);
        }
        assert!(shown(&[]).is_empty());
    }

    #[test]
    fn hostile_trees_show_every_resource_once_and_end() {
        // A missing parent, a self-parent, a two-cycle with no root, a duplicate id.
        let resources = [
            resource("orphan", Some("gone"), "/orphan"),
            resource("self", Some("self"), "/self"),
            resource("x", Some("y"), "/x"),
            resource("y", Some("x"), "/y"),
            resource("r", None, "/"),
            resource("c", Some("r"), "/c"),
            resource("c", Some("r"), "/c-again"),
            resource("cc", Some("c"), "/c/cc"),
        ];
        let rows = shown(&resources);
        assert_eq!(rows.len(), resources.len(), "{rows:?}");
        let mut listed = ids(&rows);
        listed.sort_unstable();
        assert_eq!(listed, ["c", "c", "cc", "orphan", "r", "self", "x", "y"]);
        let depth = |id: &str| rows.iter().find(|(i, _)| i == id).map(|(_, d)| *d);
        assert_eq!(depth("orphan"), Some(0));
        assert_eq!(depth("self"), Some(0));
        assert_eq!(depth("cc"), Some(2));
        // The cycle starts where it is first listed and the other hangs below it.
        assert_eq!((depth("x"), depth("y")), (Some(0), Some(1)));

        // A deep chain neither overflows the stack nor loses depth.
        let chain: Vec<RestResource> = (0..20_000)
            .map(|i| {
                let parent = (i > 0).then(|| (i - 1).to_string());
                resource(&i.to_string(), parent.as_deref(), &format!("/{i}"))
            })
            .collect();
        let rows = resource_tree(&chain);
        assert_eq!(rows.len(), 20_000);
        assert_eq!(rows.last().map(|r| r.depth), Some(19_999));
    }
}
