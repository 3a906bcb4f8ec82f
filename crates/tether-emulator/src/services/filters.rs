//! The filter tests the describe handlers share: a request's optional filter (a single
//! value, or a list that is empty when not given) matches a view's field when it is absent
//! or names that field's value.

/// Whether an optional single-value filter is absent or equals `value`.
pub fn unset_or_equal(filter: &Option<String>, value: &str) -> bool {
    filter.as_deref().is_none_or(|wanted| wanted == value)
}

/// Whether a list filter is empty (not given) or lists `value`.
pub fn unset_or_listed(list: &[String], value: &str) -> bool {
    list.is_empty() || list.iter().any(|wanted| wanted == value)
}

/// Whether a list filter is empty (not given) or lists one of the `values` (computed only
/// when the filter is given).
pub fn unset_or_any_listed<'v>(list: &[String], values: impl FnOnce() -> Vec<&'v str>) -> bool {
    list.is_empty()
        || values()
            .iter()
            .any(|value| list.iter().any(|wanted| wanted == value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_absent_filter_matches_everything() {
        assert!(unset_or_equal(&None, "x"));
        assert!(unset_or_listed(&[], "x"));
        assert!(unset_or_any_listed(&[], Vec::new));
    }

    #[test]
    fn a_given_filter_matches_only_what_it_names() {
        let list = vec!["a".to_string(), "b".to_string()];
        assert!(unset_or_equal(&Some("a".into()), "a"));
        assert!(!unset_or_equal(&Some("a".into()), "b"));
        assert!(unset_or_listed(&list, "b"));
        assert!(!unset_or_listed(&list, "c"));
        assert!(unset_or_any_listed(&list, || vec!["c", "a"]));
        assert!(!unset_or_any_listed(&list, || vec!["c"]));
        assert!(!unset_or_any_listed(&list, Vec::new));
    }
}
