//! What one path's values look like: types with counts, examples, distinct strings (capped)
//! and key templates. Everything here is bounded whatever the number of items.

use std::collections::HashMap;

use super::string_shape::ShapeTracker;
use crate::dynamodb::model::attribute::{AttrType, AttrValue, Decimal};
use crate::dynamodb::model::cell_text::cell_text;

/// Distinct strings tracked per path; past this, the path is no enumeration.
const DISTINCT_CAP: usize = 64;
/// Examples kept per path.
const EXAMPLES: usize = 3;
/// Values looked at for examples (a path whose values repeat stops looking).
const EXAMPLE_TRIES: u64 = 256;
/// An example is cut to this many characters.
const EXAMPLE_CHARS: usize = 60;
/// An enumeration has at most this many values...
pub const ENUM_MAX_VALUES: usize = 12;
/// ...and each value is seen this many times on average, over at least `ENUM_MIN_VALUES_SEEN`.
const ENUM_MIN_REPEAT: u64 = 3;
const ENUM_MIN_VALUES_SEEN: u64 = 5;

/// The statistics of one path.
#[derive(Clone, Debug, Default)]
pub struct PathStats {
    /// Values seen (a list element counts once per element).
    pub occurrences: u64,
    /// Items holding the path at least once.
    pub items: u64,
    last_item: u64,
    /// Values seen of each type, by [`AttrType::ALL`] position.
    pub type_occurrences: [u64; 10],
    /// Items holding a value of each type.
    pub type_items: [u64; 10],
    type_last_item: [u64; 10],
    pub examples: Vec<String>,
    /// Numbers (or number set members) past JavaScript's safe integers, which the AWS SDK
    /// for JavaScript hands over as `BigInt`.
    pub beyond_js_numbers: u64,
    /// Distinct strings and their counts, until past the cap.
    distinct: HashMap<Box<str>, u64>,
    too_many_strings: bool,
    pub shapes: ShapeTracker,
}

pub fn type_index(t: AttrType) -> usize {
    match t {
        AttrType::S => 0,
        AttrType::N => 1,
        AttrType::B => 2,
        AttrType::Bool => 3,
        AttrType::Null => 4,
        AttrType::L => 5,
        AttrType::M => 6,
        AttrType::Ss => 7,
        AttrType::Ns => 8,
        AttrType::Bs => 9,
    }
}

impl PathStats {
    /// Counts one value; `item` numbers the item it belongs to, from 1.
    pub fn add(&mut self, item: u64, value: &AttrValue) {
        self.occurrences += 1;
        if self.last_item != item {
            self.last_item = item;
            self.items += 1;
        }
        let t = type_index(value.attr_type());
        self.type_occurrences[t] += 1;
        if self.type_last_item[t] != item {
            self.type_last_item[t] = item;
            self.type_items[t] += 1;
        }
        match value {
            AttrValue::S(text) => {
                self.count_string(text);
                self.shapes.add(text);
            }
            AttrValue::N(text) => self.beyond_js_numbers += u64::from(beyond_js(text)),
            AttrValue::Ns(members) => {
                self.beyond_js_numbers += u64::from(members.iter().any(|m| beyond_js(m)));
            }
            AttrValue::B(_)
            | AttrValue::Bool(_)
            | AttrValue::Null
            | AttrValue::L(_)
            | AttrValue::M(_)
            | AttrValue::Ss(_)
            | AttrValue::Bs(_) => {}
        }
        if self.examples.len() < EXAMPLES && self.occurrences <= EXAMPLE_TRIES {
            self.add_example(value);
        }
    }

    fn count_string(&mut self, text: &str) {
        if self.too_many_strings {
            return;
        }
        if let Some(count) = self.distinct.get_mut(text) {
            *count += 1;
        } else if self.distinct.len() < DISTINCT_CAP {
            self.distinct.insert(text.into(), 1);
        } else {
            // Too many values to be an enumeration: stop tracking and free the memory.
            self.too_many_strings = true;
            self.distinct = HashMap::new();
        }
    }

    fn add_example(&mut self, value: &AttrValue) {
        let example = match value {
            // Nested values are described by their own paths.
            AttrValue::L(_) | AttrValue::M(_) => return,
            other => cut(&cell_text(other)),
        };
        if !self.examples.contains(&example) {
            self.examples.push(example);
        }
    }

    /// The strings' values when few enough, seen often enough, and no other type was seen
    /// at the path... other than `NULL`, which a sparse enumeration may hold.
    pub fn enumeration(&self) -> Option<Vec<(String, u64)>> {
        let strings = self.type_occurrences[type_index(AttrType::S)];
        let others = self.occurrences - strings - self.type_occurrences[type_index(AttrType::Null)];
        let distinct = &self.distinct;
        if self.too_many_strings
            || distinct.is_empty()
            || distinct.len() > ENUM_MAX_VALUES
            || others > 0
            || strings < ENUM_MIN_VALUES_SEEN
            || strings < ENUM_MIN_REPEAT * distinct.len() as u64
        {
            return None;
        }
        let mut values: Vec<(String, u64)> =
            distinct.iter().map(|(v, n)| (v.to_string(), *n)).collect();
        values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Some(values)
    }

    /// Types seen with the items holding each, most common first.
    pub fn types(&self) -> Vec<(AttrType, u64)> {
        let mut types: Vec<(AttrType, u64)> = AttrType::ALL
            .into_iter()
            .map(|t| (t, self.type_items[type_index(t)]))
            .filter(|(_, n)| *n > 0)
            .collect();
        types.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        types
    }
}

/// Whether a number's magnitude passes 2^53 − 1, JavaScript's largest safe integer.
pub fn beyond_js(text: &str) -> bool {
    const MAX_SAFE: &[u8] = &[9, 0, 0, 7, 1, 9, 9, 2, 5, 4, 7, 4, 0, 9, 9, 1];
    let digits = text.bytes().filter(u8::is_ascii_digit).count();
    if digits <= 15 && !text.contains(['e', 'E']) {
        return false;
    }
    let Ok(decimal) = Decimal::parse(text) else {
        return false;
    };
    match decimal.exponent.cmp(&16) {
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal => decimal.digits.as_slice() > MAX_SAFE,
    }
}

fn cut(text: &str) -> String {
    match text.char_indices().nth(EXAMPLE_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enumerations_need_few_values_seen_often() {
        let mut stats = PathStats::default();
        for (i, v) in ["a", "b", "a", "b", "a", "b"].iter().enumerate() {
            stats.add(i as u64 + 1, &AttrValue::s(*v));
        }
        assert_eq!(
            stats.enumeration(),
            Some(vec![("a".to_owned(), 3), ("b".to_owned(), 3)])
        );
        stats.add(7, &AttrValue::N("1".into()));
        assert_eq!(stats.enumeration(), None, "a number breaks the enumeration");

        let mut unique = PathStats::default();
        for i in 0..1000 {
            unique.add(i + 1, &AttrValue::s(format!("v{i}")));
        }
        assert_eq!(unique.enumeration(), None);
        assert!(unique.distinct.is_empty(), "tracking stops past the cap");
        assert_eq!(unique.examples, ["v0", "v1", "v2"]);
    }

    #[test]
    fn types_count_items_not_elements() {
        let mut stats = PathStats::default();
        stats.add(1, &AttrValue::s("x"));
        stats.add(1, &AttrValue::s("y"));
        stats.add(2, &AttrValue::N("1".into()));
        assert_eq!(stats.types(), [(AttrType::S, 1), (AttrType::N, 1)]);
        assert_eq!((stats.items, stats.occurrences), (2, 3));
    }

    #[test]
    fn numbers_past_javascripts_safe_integers_are_noticed() {
        for safe in [
            "9007199254740991",
            "-9007199254740991",
            "1e15",
            "0.12345678901234567890",
            "12.5",
        ] {
            assert!(!beyond_js(safe), "{safe}");
        }
        for big in [
            "9007199254740992",
            "-9007199254740993",
            "1e16",
            "12345678901234567890123456789012345678",
            "1.5e20",
        ] {
            assert!(beyond_js(big), "{big}");
        }
    }

    #[test]
    fn long_examples_are_cut_on_a_character_boundary() {
        let mut stats = PathStats::default();
        stats.add(1, &AttrValue::s("é".repeat(100)));
        assert_eq!(stats.examples[0].chars().count(), EXAMPLE_CHARS + 1);
    }
}
