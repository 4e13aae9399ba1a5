//! Attribute paths as typed (`a.b[0].c`, `` `dotted.name` ``): parsing and quoting.

/// One element of an attribute path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathElement {
    Name(String),
    Index(u32),
}

/// Parses `a.b[0].c`, with `` `names.with.dots` `` quoted in backticks (``` `` ``` is a
/// literal backtick inside quotes).
pub fn parse_path(text: &str) -> Result<Vec<PathElement>, String> {
    let mut elements = Vec::new();
    let mut chars = text.trim().chars().peekable();
    let mut expect_name = true;
    if chars.peek().is_none() {
        return Err("Enter an attribute name".to_owned());
    }
    while let Some(&c) = chars.peek() {
        if expect_name {
            let mut name = String::new();
            if c == '`' {
                chars.next();
                loop {
                    match chars.next() {
                        Some('`') if chars.peek() == Some(&'`') => {
                            chars.next();
                            name.push('`');
                        }
                        Some('`') => break,
                        Some(other) => name.push(other),
                        None => return Err("Unclosed backtick in attribute name".to_owned()),
                    }
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if matches!(c, '.' | '[' | ']' | '`') {
                        break;
                    }
                    name.push(c);
                    chars.next();
                }
            }
            if name.is_empty() {
                return Err("Empty attribute name in path".to_owned());
            }
            elements.push(PathElement::Name(name));
            expect_name = false;
            continue;
        }
        match chars.next() {
            Some('.') => expect_name = true,
            Some('[') => {
                let mut digits = String::new();
                loop {
                    match chars.next() {
                        Some(']') => break,
                        Some(d) if d.is_ascii_digit() => digits.push(d),
                        _ => return Err("A list index is a whole number in [ ]".to_owned()),
                    }
                }
                let index = digits
                    .parse()
                    .map_err(|_| "A list index is a whole number in [ ]".to_owned())?;
                elements.push(PathElement::Index(index));
            }
            Some(other) => return Err(format!("Unexpected {other:?} in path")),
            None => break,
        }
    }
    if expect_name {
        return Err("A path cannot end with '.'".to_owned());
    }
    Ok(elements)
}

/// Quotes a name for a path if it needs it (dots, brackets, backticks).
pub fn quote_name(name: &str) -> String {
    if name.is_empty() || name.contains(['.', '[', ']', '`']) {
        format!("`{}`", name.replace('`', "``"))
    } else {
        name.to_owned()
    }
}

/// Splits a projection list on commas outside backticks.
pub(super) fn split_projection(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '`' => {
                quoted = !quoted;
                current.push(c);
            }
            ',' if !quoted => parts.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    parts.push(current);
    parts
        .into_iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_parse_with_indexes_and_quoted_names() {
        use PathElement::{Index, Name};
        assert_eq!(
            parse_path("a.b[0].c"),
            Ok(vec![
                Name("a".into()),
                Name("b".into()),
                Index(0),
                Name("c".into())
            ])
        );
        assert_eq!(
            parse_path("`dotted.name`[12]"),
            Ok(vec![Name("dotted.name".into()), Index(12)])
        );
        assert_eq!(parse_path("`a``b`"), Ok(vec![Name("a`b".into())]));
        assert_eq!(
            parse_path("naïve name"),
            Ok(vec![Name("naïve name".into())])
        );
        for bad in [
            "", "a.", ".a", "a[x]", "a[", "`open", "a..b", "a]", "[0]", "a[-1]",
        ] {
            assert!(parse_path(bad).is_err(), "accepted {bad:?}");
        }
        assert_eq!(quote_name("dotted.name"), "`dotted.name`");
        assert_eq!(quote_name("status"), "status");
    }
}
