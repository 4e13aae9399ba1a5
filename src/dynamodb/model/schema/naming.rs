//! Names for generated code: identifiers from table and entity names, string literals.

/// A JavaScript / TypeScript / JSON string literal for `text` (JSON's escaping is valid in
/// all three).
pub fn literal(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

/// `order-items` → `OrderItems`, `USER` → `User`; never empty, never starting with a digit.
pub fn type_name(text: &str) -> String {
    let mut out = String::new();
    for word in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let all_upper = word.chars().all(|c| !c.is_ascii_lowercase());
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            if all_upper {
                out.extend(chars.map(|c| c.to_ascii_lowercase()));
            } else {
                out.extend(chars);
            }
        }
    }
    if out.is_empty() {
        out.push_str("Item");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'T');
    }
    out
}

/// A property name as TypeScript reads it: bare when it is an identifier, quoted otherwise.
pub fn property(name: &str) -> String {
    let identifier = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if identifier {
        name.to_owned()
    } else {
        literal(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_identifiers() {
        assert_eq!(type_name("order-items"), "OrderItems");
        assert_eq!(type_name("USER"), "User");
        assert_eq!(type_name("myTable_v2"), "MyTableV2");
        assert_eq!(type_name("2024"), "T2024");
        assert_eq!(type_name("名前"), "Item");
        assert_eq!(type_name(""), "Item");
    }

    #[test]
    fn literals_and_properties_escape() {
        assert_eq!(literal("a\"b\n"), "\"a\\\"b\\n\"");
        assert_eq!(property("plain_1"), "plain_1");
        assert_eq!(property("first name"), "\"first name\"");
        assert_eq!(property("a.b"), "\"a.b\"");
        assert_eq!(property("1a"), "\"1a\"");
        assert_eq!(property("ü"), "\"ü\"");
    }
}
