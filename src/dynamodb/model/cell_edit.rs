//! An edit in place: the text typed into a grid cell, read as the type the cell already had.

use crate::dynamodb::model::attribute::AttrValue;

/// The value `text` stands for in the cell of attribute `name` that held `previous`: a number
/// stays a number (checked exactly, as DynamoDB would), a boolean stays a boolean, and anything
/// else is a string, kept verbatim. The error names the attribute, ready to show.
pub fn cell_value(
    name: &str,
    previous: Option<&AttrValue>,
    text: &str,
) -> Result<AttrValue, String> {
    match previous {
        Some(AttrValue::N(_)) => {
            AttrValue::n(text).map_err(|e| format!("{name}: not a valid number: {e}"))
        }
        Some(AttrValue::Bool(_)) => match text.trim() {
            "true" => Ok(AttrValue::Bool(true)),
            "false" => Ok(AttrValue::Bool(false)),
            _ => Err(format!("{name}: enter true or false")),
        },
        _ => Ok(AttrValue::s(text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number() -> AttrValue {
        AttrValue::N("1".into())
    }

    #[test]
    fn a_number_cell_takes_only_a_number_dynamodb_keeps() {
        assert_eq!(
            cell_value("n", Some(&number()), " 42 "),
            Ok(AttrValue::N("42".into()))
        );
        let not_a_number = cell_value("n", Some(&number()), "abc").expect_err("abc");
        assert!(
            not_a_number.starts_with("n: not a valid number"),
            "{not_a_number}"
        );
        assert!(
            cell_value("n", Some(&number()), "").is_err(),
            "empty text is no number"
        );
        let most = "1".repeat(38);
        assert_eq!(
            cell_value("n", Some(&number()), &most),
            Ok(AttrValue::N(most.clone().into()))
        );
        let too_precise = cell_value("n", Some(&number()), &"1".repeat(39)).expect_err("39");
        assert!(too_precise.contains("significant digits"), "{too_precise}");
    }

    #[test]
    fn a_boolean_cell_takes_true_or_false_around_spaces() {
        let flag = AttrValue::Bool(false);
        assert_eq!(
            cell_value("b", Some(&flag), " true "),
            Ok(AttrValue::Bool(true))
        );
        assert_eq!(
            cell_value("b", Some(&flag), "false"),
            Ok(AttrValue::Bool(false))
        );
        for wrong in ["", "yes", "True", "1"] {
            assert_eq!(
                cell_value("b", Some(&flag), wrong),
                Err("b: enter true or false".to_owned()),
                "{wrong:?}"
            );
        }
    }

    #[test]
    fn other_cells_keep_the_text_verbatim() {
        let text = AttrValue::s("x");
        assert_eq!(
            cell_value("s", Some(&text), " true "),
            Ok(AttrValue::s(" true "))
        );
        assert_eq!(cell_value("s", Some(&text), ""), Ok(AttrValue::s("")));
        assert_eq!(cell_value("s", None, "abc"), Ok(AttrValue::s("abc")));
    }
}
