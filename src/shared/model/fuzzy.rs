//! Fuzzy matching for the command palette: the query's characters in order, anywhere in the
//! candidate, scored so that tighter and word-initial matches rank first.

/// A score for `candidate` against `query`, higher is better; `None` when it does not match.
pub fn fuzzy_score(query: &str, candidate: &str) -> Option<i32> {
    let query: Vec<char> = query
        .trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace())
        .collect();
    if query.is_empty() {
        return Some(0);
    }
    let chars: Vec<char> = candidate.chars().collect();
    let lower: Vec<char> = chars
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let mut score = 0;
    let mut next = 0;
    let mut previous_match: Option<usize> = None;
    for (i, c) in lower.iter().enumerate() {
        if next < query.len() && *c == query[next] {
            score += 1;
            let word_start = i == 0 || !chars[i - 1].is_alphanumeric() || chars[i].is_uppercase();
            if word_start {
                score += 8;
            }
            if previous_match == Some(i.wrapping_sub(1)) {
                score += 5;
            }
            previous_match = Some(i);
            next += 1;
        }
    }
    // Shorter candidates win ties: "Orders" before "OrdersArchive".
    (next == query.len()).then(|| score * 16 - chars.len() as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_in_order_and_ranks_tight_matches_first() {
        assert!(fuzzy_score("ordrs", "Orders").is_some());
        assert!(fuzzy_score("sdro", "Orders").is_none());
        assert!(fuzzy_score("", "anything").is_some());
        assert!(fuzzy_score("og", "orders-get").is_some());
        let tight = fuzzy_score("ord", "Orders").expect("match");
        let loose = fuzzy_score("ord", "AuditLog-Order-Details").expect("match");
        assert!(tight > loose);
        let short = fuzzy_score("orders", "Orders").expect("match");
        let long = fuzzy_score("orders", "OrdersArchive").expect("match");
        assert!(short > long);
        assert!(fuzzy_score("ÜB", "übersicht").is_some());
        assert!(fuzzy_score("x", "").is_none());
    }
}
