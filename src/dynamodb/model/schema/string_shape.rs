//! Key templates read off string values: `USER#123` and `USER#456` are `USER#<n>`,
//! `ORDER#2024-05-01#7` is `ORDER#<date>#<n>`. Values split on `#` and `|` (or `:` when
//! neither occurs, so an ISO time keeps its colons), each part classed; templates of the same
//! shape merge as they come, so memory stays bounded whatever the item count.

/// What one part of a value is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// The same text in every value of the template.
    Constant(Box<str>),
    Number,
    Date,
    Uuid,
    /// Letters and digits that vary: an identifier.
    Id,
    /// Free text (it has spaces).
    Text,
}

impl Part {
    fn merge(&mut self, other: Part) {
        let merged = match (&*self, other) {
            (a, b) if *a == b => return,
            (Part::Text, _) | (_, Part::Text) => Part::Text,
            (Part::Constant(a), Part::Constant(b)) => {
                if a.contains(char::is_whitespace) || b.contains(char::is_whitespace) {
                    Part::Text
                } else {
                    Part::Id
                }
            }
            (Part::Constant(a), _) if a.contains(char::is_whitespace) => Part::Text,
            (_, Part::Constant(b)) if b.contains(char::is_whitespace) => Part::Text,
            _ => Part::Id,
        };
        *self = merged;
    }

    fn placeholder(&self) -> &str {
        match self {
            Part::Constant(text) => text,
            Part::Number => "<n>",
            Part::Date => "<date>",
            Part::Uuid => "<uuid>",
            Part::Id => "<id>",
            Part::Text => "<text>",
        }
    }

    /// A class that is worth naming even for a value without separators.
    fn is_notable(&self) -> bool {
        matches!(self, Part::Number | Part::Date | Part::Uuid)
    }
}

/// One template and how many values fit it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Template {
    separators: Box<[char]>,
    parts: Vec<Part>,
    count: u64,
}

impl Template {
    fn render(&self) -> String {
        let mut out = String::new();
        for (i, part) in self.parts.iter().enumerate() {
            if i > 0
                && let Some(sep) = self.separators.get(i - 1)
            {
                out.push(*sep);
            }
            out.push_str(part.placeholder());
        }
        out
    }

    /// Same shape: the same separators and, for values with separators, the same constant
    /// prefix (the entity name in `USER#…`); one-part values all share one template.
    fn fits(&self, separators: &[char], parts: &[Part]) -> bool {
        if *self.separators != *separators || self.parts.len() != parts.len() {
            return false;
        }
        if parts.len() == 1 {
            return true;
        }
        match (&self.parts[0], &parts[0]) {
            (Part::Constant(a), Part::Constant(b)) => a == b,
            (Part::Constant(_), _) | (_, Part::Constant(_)) => false,
            _ => true,
        }
    }
}

/// Templates this many at most per path; values of other shapes are counted apart.
const MAX_TEMPLATES: usize = 12;
/// Parts beyond this many are not split further (the rest stays one part).
const MAX_PARTS: usize = 8;

/// The templates of one path's string values.
#[derive(Clone, Debug, Default)]
pub struct ShapeTracker {
    templates: Vec<Template>,
    other: u64,
}

/// A template as shown: `USER#<id>` and how many values fit it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    pub template: String,
    pub count: u64,
    /// The constant text before the first separator, when there is one (`USER`).
    pub prefix: Option<String>,
}

impl ShapeTracker {
    pub fn add(&mut self, value: &str) {
        let (separators, parts) = split(value);
        if let Some(template) = self
            .templates
            .iter_mut()
            .find(|t| t.fits(&separators, &parts))
        {
            for (mine, theirs) in template.parts.iter_mut().zip(parts) {
                mine.merge(theirs);
            }
            template.count += 1;
        } else if self.templates.len() < MAX_TEMPLATES {
            self.templates.push(Template {
                separators: separators.into(),
                parts,
                count: 1,
            });
        } else {
            self.other += 1;
        }
    }

    /// The templates worth showing, most common first: those with separators, or whose one
    /// part is a number, date or uuid kept as a string.
    pub fn patterns(&self) -> Vec<Pattern> {
        let mut shown: Vec<Pattern> = self
            .templates
            .iter()
            .filter(|t| t.parts.len() > 1 || t.parts.first().is_some_and(Part::is_notable))
            .map(|t| Pattern {
                template: t.render(),
                count: t.count,
                prefix: match t.parts.first() {
                    Some(Part::Constant(text)) if t.parts.len() > 1 => Some(text.to_string()),
                    _ => None,
                },
            })
            .collect();
        shown.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.template.cmp(&b.template))
        });
        shown
    }

    /// Values that fit none of the kept templates.
    pub fn other(&self) -> u64 {
        self.other
    }
}

/// Splits a value into its separators and classed parts.
fn split(value: &str) -> (Vec<char>, Vec<Part>) {
    let whole = classify(value);
    if whole.is_notable() {
        return (Vec::new(), vec![whole]);
    }
    let primary = value.contains(['#', '|']);
    let is_separator = |c: char| {
        if primary {
            c == '#' || c == '|'
        } else {
            c == ':'
        }
    };
    let mut separators = Vec::new();
    let mut parts = Vec::new();
    let mut start = 0;
    for (at, c) in value.char_indices() {
        if parts.len() + 1 >= MAX_PARTS {
            break;
        }
        if is_separator(c) {
            parts.push(classify(&value[start..at]));
            separators.push(c);
            start = at + c.len_utf8();
        }
    }
    parts.push(classify(&value[start..]));
    (separators, parts)
}

/// Classes one part of a value.
pub fn classify(part: &str) -> Part {
    if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
        return Part::Number;
    }
    if is_date(part) {
        return Part::Date;
    }
    if is_uuid(part) {
        return Part::Uuid;
    }
    if part.contains(char::is_whitespace) {
        return Part::Text;
    }
    let digits = part.bytes().filter(u8::is_ascii_digit).count();
    let letters = part.chars().filter(|c| c.is_alphabetic()).count();
    if part.len() >= 16 || (digits > 0 && letters > 0 && part.len() >= 4) {
        return Part::Id;
    }
    Part::Constant(part.into())
}

/// `2024-05-01`, optionally followed by a time (`T10:00:00Z`, ` 10:00`).
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() < 10 {
        return false;
    }
    let shape = bytes[..10].iter().enumerate().all(|(i, b)| match i {
        4 | 7 => *b == b'-',
        _ => b.is_ascii_digit(),
    });
    let rest = &bytes[10..];
    shape
        && (rest.is_empty()
            || (matches!(rest[0], b'T' | b' ')
                && rest[1..]
                    .iter()
                    .all(|b| b.is_ascii_digit() || matches!(b, b':' | b'.' | b'Z' | b'+' | b'-'))))
}

/// `8-4-4-4-12` hexadecimal digits.
fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patterns(values: &[&str]) -> Vec<(String, u64)> {
        let mut tracker = ShapeTracker::default();
        for v in values {
            tracker.add(v);
        }
        tracker
            .patterns()
            .into_iter()
            .map(|p| (p.template, p.count))
            .collect()
    }

    #[test]
    fn key_templates_merge_varying_parts() {
        assert_eq!(
            patterns(&["USER#alice", "USER#bob", "USER#c3po"]),
            [("USER#<id>".to_owned(), 3)]
        );
        assert_eq!(
            patterns(&[
                "ORDER#2024-05-01#7",
                "ORDER#2024-06-11T10:00:00Z#12",
                "USER#1"
            ]),
            [
                ("ORDER#<date>#<n>".to_owned(), 2),
                ("USER#<n>".to_owned(), 1)
            ]
        );
        assert_eq!(patterns(&["a|1", "a|2"]), [("a|<n>".to_owned(), 2)]);
    }

    #[test]
    fn whole_values_of_a_notable_class_are_patterns() {
        assert_eq!(
            patterns(&["2024-01-01T10:00:00Z", "2023-12-31"]),
            [("<date>".to_owned(), 2)]
        );
        assert_eq!(
            patterns(&["123e4567-e89b-12d3-a456-426614174000"]),
            [("<uuid>".to_owned(), 1)]
        );
        // Plain words are not a pattern (enumerations cover them).
        assert!(patterns(&["red", "green", "blue"]).is_empty());
        assert!(patterns(&[""]).is_empty());
    }

    #[test]
    fn colons_split_only_without_hashes() {
        assert_eq!(
            patterns(&["arn:aws:lambda", "arn:aws:sqs"]),
            [("arn:aws:<id>".to_owned(), 2)]
        );
        assert_eq!(patterns(&["T#10:00"]), [("T#10:00".to_owned(), 1)]);
    }

    #[test]
    fn templates_are_bounded() {
        let mut tracker = ShapeTracker::default();
        for i in 0..1000 {
            tracker.add(&format!("E{}#{i}", "x".repeat(i % 40)));
        }
        assert!(tracker.templates.len() <= MAX_TEMPLATES);
        assert!(tracker.other() > 0);
        let long = "#".repeat(10_000);
        tracker.add(&long);
        assert!(tracker.templates.iter().all(|t| t.parts.len() <= MAX_PARTS));
    }

    #[test]
    fn free_text_and_unicode_do_not_panic() {
        assert_eq!(
            patterns(&["名前#こんにちは世界", "名前#ü x"]),
            [("名前#<text>".to_owned(), 2)]
        );
    }
}
