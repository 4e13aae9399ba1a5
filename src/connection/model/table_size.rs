//! How big a connection's tables are, for the welcome's "largest tables". DynamoDB refreshes
//! these figures about every six hours; an emulator may not report them at all.

/// One table's size as DescribeTable last reported it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableSize {
    pub name: String,
    pub item_count: Option<i64>,
    pub size_bytes: Option<i64>,
}

/// The `n` largest tables: by size, then by item count (emulators that report no size still
/// count items), then by name so equal ones keep a stable order. Tables with neither figure
/// are left out: nothing is known of them.
pub fn largest(sizes: &[TableSize], n: usize) -> Vec<&TableSize> {
    let known = |v: Option<i64>| v.filter(|v| *v > 0).unwrap_or(0);
    let mut ranked: Vec<&TableSize> = sizes
        .iter()
        .filter(|s| known(s.size_bytes) > 0 || known(s.item_count) > 0)
        .collect();
    ranked.sort_by(|a, b| {
        known(b.size_bytes)
            .cmp(&known(a.size_bytes))
            .then_with(|| known(b.item_count).cmp(&known(a.item_count)))
            .then_with(|| a.name.cmp(&b.name))
    });
    ranked.truncate(n);
    ranked
}

/// A size as people read it: 0 B, 512 B, 1.5 KB, 20 MB, 3.1 GB (powers of 1024).
pub fn size_label(bytes: i64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes.max(0) as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 || value >= 10.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// What the welcome says of one table: "Orders: 2,400 items, 1.2 MB".
pub fn describe(size: &TableSize) -> String {
    let mut parts = Vec::new();
    if let Some(items) = size.item_count.filter(|n| *n >= 0) {
        parts.push(format!("{} items", thousands(items)));
    }
    if let Some(bytes) = size.size_bytes.filter(|n| *n > 0) {
        parts.push(size_label(bytes));
    }
    parts.join(", ")
}

fn thousands(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(name: &str, items: Option<i64>, bytes: Option<i64>) -> TableSize {
        TableSize {
            name: name.to_owned(),
            item_count: items,
            size_bytes: bytes,
        }
    }

    #[test]
    fn largest_ranks_by_size_then_items_and_skips_the_unknown() {
        let sizes = [
            size("small", Some(10), Some(1_000)),
            size("unknown", None, None),
            size("big", Some(5), Some(9_000_000)),
            size("moto", Some(2_400), Some(0)),
            size("negative", Some(-3), Some(-1)),
            size("also-moto", Some(2_400), None),
        ];
        let names: Vec<&str> = largest(&sizes, 10)
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(names, ["big", "small", "also-moto", "moto"]);
        assert_eq!(largest(&sizes, 1).len(), 1);
        assert!(largest(&[], 5).is_empty());
    }

    #[test]
    fn sizes_read_as_people_read_them() {
        assert_eq!(size_label(0), "0 B");
        assert_eq!(size_label(-5), "0 B");
        assert_eq!(size_label(512), "512 B");
        assert_eq!(size_label(1_536), "1.5 KB");
        assert_eq!(size_label(20 * 1024 * 1024), "20 MB");
        assert_eq!(size_label(i64::MAX), "8388608 TB");
        assert_eq!(describe(&size("t", Some(2_400), Some(0))), "2,400 items");
        assert_eq!(
            describe(&size("t", Some(1_234_567), Some(1_536))),
            "1,234,567 items, 1.5 KB"
        );
        assert_eq!(describe(&size("t", None, None)), "");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(100), "100");
        assert_eq!(thousands(1000), "1,000");
    }
}
