//! Regions offered by the region picker.

/// Commercial AWS regions, sorted by code. The picker also accepts any typed region, so a region
/// launched after this list was written still works.
pub const KNOWN_REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/// Whether `text` has the shape of a region code (`xx-name-1`), so a typo is caught at the field.
pub fn looks_like_region(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() >= 3
        && parts.iter().all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && parts
            .last()
            .is_some_and(|last| last.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_regions_are_sorted_and_well_formed() {
        assert!(KNOWN_REGIONS.windows(2).all(|w| w[0] < w[1]));
        assert!(KNOWN_REGIONS.iter().all(|r| looks_like_region(r)));
    }

    #[test]
    fn region_shape_rejects_typos() {
        assert!(looks_like_region("us-gov-west-1"));
        for bad in [
            "",
            "us-east",
            "US-EAST-1",
            "us--1",
            "us-east-1a",
            "üs-east-1",
        ] {
            assert!(!looks_like_region(bad), "accepted {bad:?}");
        }
    }
}
