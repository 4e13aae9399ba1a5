//! DynamoDB attribute values, kept exactly: numbers as their decimal text, binary as bytes,
//! sets as sets. Boxed slices rather than `Vec`s keep a loaded item small (see the grid's
//! memory target), and S and N text up to 24 bytes sits inline (`CompactString`), which saves
//! an allocation for most values: an `AttrValue` is 32 bytes.

use base64::Engine as _;
use compact_str::CompactString;

/// One DynamoDB attribute value, with every digit and byte it was stored with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttrValue {
    S(CompactString),
    /// The number exactly as DynamoDB sent it (up to 38 significant digits).
    N(CompactString),
    B(Box<[u8]>),
    Bool(bool),
    Null,
    L(Box<[AttrValue]>),
    /// Entries sorted by name.
    M(Box<[(Box<str>, AttrValue)]>),
    Ss(Box<[Box<str>]>),
    Ns(Box<[Box<str>]>),
    Bs(Box<[Box<[u8]>]>),
}

/// The ten DynamoDB types, as their wire tags.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum AttrType {
    S,
    N,
    B,
    Bool,
    Null,
    L,
    M,
    Ss,
    Ns,
    Bs,
}

impl AttrType {
    pub const ALL: [Self; 10] = [
        Self::S,
        Self::N,
        Self::B,
        Self::Bool,
        Self::Null,
        Self::L,
        Self::M,
        Self::Ss,
        Self::Ns,
        Self::Bs,
    ];

    /// The tag DynamoDB JSON and `attribute_type()` use: `S`, `N`, `BOOL`, `SS`, ...
    pub fn tag(self) -> &'static str {
        match self {
            Self::S => "S",
            Self::N => "N",
            Self::B => "B",
            Self::Bool => "BOOL",
            Self::Null => "NULL",
            Self::L => "L",
            Self::M => "M",
            Self::Ss => "SS",
            Self::Ns => "NS",
            Self::Bs => "BS",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.tag() == tag)
    }

    /// A name a user reads on hover.
    pub fn description(self) -> &'static str {
        match self {
            Self::S => "String",
            Self::N => "Number",
            Self::B => "Binary",
            Self::Bool => "Boolean",
            Self::Null => "Null",
            Self::L => "List",
            Self::M => "Map",
            Self::Ss => "String set",
            Self::Ns => "Number set",
            Self::Bs => "Binary set",
        }
    }
}

impl AttrValue {
    pub fn attr_type(&self) -> AttrType {
        match self {
            Self::S(_) => AttrType::S,
            Self::N(_) => AttrType::N,
            Self::B(_) => AttrType::B,
            Self::Bool(_) => AttrType::Bool,
            Self::Null => AttrType::Null,
            Self::L(_) => AttrType::L,
            Self::M(_) => AttrType::M,
            Self::Ss(_) => AttrType::Ss,
            Self::Ns(_) => AttrType::Ns,
            Self::Bs(_) => AttrType::Bs,
        }
    }

    /// A string value.
    pub fn s(text: impl Into<CompactString>) -> Self {
        Self::S(text.into())
    }

    /// A number value from its decimal text; refuses text DynamoDB would refuse.
    pub fn n(text: &str) -> Result<Self, String> {
        validate_number(text)?;
        Ok(Self::N(text.trim().into()))
    }

    /// A map value; entries are sorted by name.
    pub fn map(mut entries: Vec<(Box<str>, AttrValue)>) -> Self {
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        Self::M(entries.into_boxed_slice())
    }
}

/// Base64 as DynamoDB JSON and the AWS CLI write binary.
pub fn base64_encode(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Decodes base64 typed by a user or read from DynamoDB JSON.
pub fn base64_decode(text: &str) -> Result<Vec<u8>, String> {
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|e| format!("not valid base64: {e}"))
}

/// DynamoDB's limits: at most 38 significant digits, magnitude between 1E-130 and
/// 9.9999999999999999999999999999999999999E+125, or zero.
const MAX_SIGNIFICANT_DIGITS: usize = 38;
const MAX_EXPONENT: i64 = 126;
const MIN_EXPONENT: i64 = -129;

/// A number's decimal text split into sign, significant digits and exponent, so numbers of
/// any size compare and validate exactly (never through `f64`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decimal {
    pub negative: bool,
    /// Significant digits without leading or trailing zeros; empty for zero.
    pub digits: Vec<u8>,
    /// Value = 0.d1d2d3... × 10^exponent.
    pub exponent: i64,
}

impl Decimal {
    /// Parses `-12.50`, `1e-3`, `+7`, `.5`; rejects anything else.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (negative, rest) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            Some(_) => (false, text),
            None => return Err("a number cannot be empty".to_owned()),
        };
        let (mantissa, exponent_text) = match rest.find(['e', 'E']) {
            Some(at) => (&rest[..at], Some(&rest[at + 1..])),
            None => (rest, None),
        };
        let (int_part, frac_part) = match mantissa.split_once('.') {
            Some((i, f)) => (i, f),
            None => (mantissa, ""),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (int_part.is_empty() && frac_part.is_empty())
            || !all_digits(int_part)
            || !all_digits(frac_part)
        {
            return Err(format!("{text:?} is not a number"));
        }
        let exponent_shift: i64 = match exponent_text {
            None => 0,
            Some(e) => {
                let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
                if digits.is_empty() || !all_digits(digits) || digits.len() > 6 {
                    return Err(format!("{text:?} has an invalid exponent"));
                }
                e.parse()
                    .map_err(|_| format!("{text:?} has an invalid exponent"))?
            }
        };
        let mut digits: Vec<u8> = int_part
            .bytes()
            .chain(frac_part.bytes())
            .map(|b| b - b'0')
            .collect();
        let mut exponent = int_part.len() as i64 + exponent_shift;
        let leading = digits.iter().take_while(|d| **d == 0).count();
        digits.drain(..leading);
        exponent -= leading as i64;
        while digits.last() == Some(&0) {
            digits.pop();
        }
        if digits.is_empty() {
            return Ok(Self {
                negative: false,
                digits,
                exponent: 0,
            });
        }
        Ok(Self {
            negative,
            digits,
            exponent,
        })
    }

    pub fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    /// Exact numeric ordering.
    pub fn cmp_exact(&self, other: &Self) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        let sign = |d: &Self| -> i8 {
            if d.is_zero() {
                0
            } else if d.negative {
                -1
            } else {
                1
            }
        };
        match sign(self).cmp(&sign(other)) {
            Ordering::Equal => {}
            unequal => return unequal,
        }
        if self.is_zero() {
            return Ordering::Equal;
        }
        let magnitude = self
            .exponent
            .cmp(&other.exponent)
            .then_with(|| self.digits.cmp(&other.digits));
        if self.negative {
            magnitude.reverse()
        } else {
            magnitude
        }
    }
}

/// Checks a number as DynamoDB would: syntax, 38 significant digits, range.
pub fn validate_number(text: &str) -> Result<(), String> {
    let decimal = Decimal::parse(text)?;
    if decimal.digits.len() > MAX_SIGNIFICANT_DIGITS {
        return Err(format!(
            "{} significant digits; DynamoDB keeps at most {MAX_SIGNIFICANT_DIGITS}",
            decimal.digits.len()
        ));
    }
    if !decimal.is_zero() && !(MIN_EXPONENT..=MAX_EXPONENT).contains(&decimal.exponent) {
        return Err("out of DynamoDB's range (1E-130 to 9.99…E+125)".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::cmp::Ordering;

    use super::*;

    fn cmp(a: &str, b: &str) -> Ordering {
        Decimal::parse(a)
            .expect("a")
            .cmp_exact(&Decimal::parse(b).expect("b"))
    }

    #[test]
    fn attr_value_stays_small() {
        assert_eq!(std::mem::size_of::<AttrValue>(), 32);
    }

    #[test]
    fn decimals_compare_exactly_beyond_f64() {
        assert_eq!(cmp("1", "1.0"), Ordering::Equal);
        assert_eq!(cmp("0", "-0.000"), Ordering::Equal);
        assert_eq!(cmp("-5", "3"), Ordering::Less);
        assert_eq!(cmp("10", "9.99"), Ordering::Greater);
        assert_eq!(cmp("-10", "-9.99"), Ordering::Less);
        assert_eq!(cmp("1e3", "999"), Ordering::Greater);
        assert_eq!(cmp(".5", "0.50"), Ordering::Equal);
        // Equal as f64, different as decimals.
        assert_eq!(
            cmp(
                "12345678901234567890123456789012345678",
                "12345678901234567890123456789012345679"
            ),
            Ordering::Less
        );
        assert_eq!(cmp("0.1", "0.10000000000000000001"), Ordering::Less);
    }

    #[test]
    fn numbers_are_validated_like_dynamodb() {
        for good in [
            "0",
            "-0",
            "12345678901234567890123456789012345678",
            "1E-130",
            "9.9999999999999999999999999999999999999E+125",
            "+3.25",
            "100000000000000000000000000000000000000000",
        ] {
            assert!(validate_number(good).is_ok(), "refused {good:?}");
        }
        for bad in [
            "",
            "-",
            "1.2.3",
            "abc",
            "1e",
            "1e+",
            "NaN",
            "Infinity",
            "0x10",
            "1 000",
            "١٢٣",
            "123456789012345678901234567890123456789",
            "1E-131",
            "1E+126",
            "1e99999999999",
        ] {
            assert!(validate_number(bad).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn base64_round_trips_non_utf8_bytes() {
        let bytes = [0xDE, 0xAD, 0xBE, 0xEF, 0xC3, 0x28, 0x00, 0xFF];
        assert_eq!(base64_decode(&base64_encode(&bytes)), Ok(bytes.to_vec()));
        assert!(base64_decode("not base64!").is_err());
    }

    #[test]
    fn types_round_trip_through_their_tags() {
        for t in AttrType::ALL {
            assert_eq!(AttrType::from_tag(t.tag()), Some(t));
        }
        assert_eq!(AttrType::from_tag("bool"), None);
    }
}
