//! The filter tests the describe handlers share: a request's optional filter (a single
//! value, or a list that is empty when not given) matches a view's field when it is absent
//! or names that field's value. A handler declares its request's filters once, by kind,
//! with [`passes!`].

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

/// Whether a filter the emulator has no data for is left out of the request: such a filter
/// matches nothing, so only its absence (`None`, or an empty list) passes.
pub fn unset<'f, F>(filter: &'f F) -> bool
where
    &'f F: IntoIterator,
{
    filter.into_iter().next().is_none()
}

/// Whether `$view` passes the filters of the request `$req`, declared once by kind, each
/// kind followed by the request's fields of that kind (`;` ends a kind; a kind may come
/// more than once):
///
/// - `equal`: an optional single value ([`unset_or_equal`]);
/// - `listed`: a list of values, one of which is the view's ([`unset_or_listed`]);
/// - `any_listed`: a list of values, one of which is among the view's
///   ([`unset_or_any_listed`]; the view's values are computed only when the list is given);
/// - `unsupported`: a filter the emulator has no data for ([`unset`]).
///
/// A field `a` is compared with the view's field of the same name, `$view.a`; `a => expr`
/// compares it with `expr` instead (an `any_listed` field names its values so). An
/// `unsupported` field takes no `=>`: it is compared with nothing. Its filter passes when it
/// yields no item: `None`, or an empty list (a given but empty list, `Some(vec![])`, would
/// not pass).
///
/// ```text
/// passes!(req, v {
///     listed: network_interface_ids => v.network_interface_id;
///     equal: vpc_id, status;
///     any_listed: private_ip_addresses => v.private_ips();
///     unsupported: security_group_id;
/// })
/// ```
macro_rules! passes {
    ($req:ident, $view:ident {
        $($kind:ident: $($field:ident $(=> $value:expr)?),+;)*
    }) => {
        true $($(&& $crate::services::filters::passes!(@$kind $req, $view, $field $(, $value)?))+)*
    };
    (@unsupported $req:ident, $view:ident, $field:ident) => {
        $crate::services::filters::unset(&$req.$field)
    };
    // Compared with the view's field of the same name.
    (@$kind:ident $req:ident, $view:ident, $field:ident) => {
        $crate::services::filters::passes!(@$kind $req, $view, $field, $view.$field)
    };
    (@equal $req:ident, $view:ident, $field:ident, $value:expr) => {
        $crate::services::filters::unset_or_equal(&$req.$field, &$value)
    };
    (@listed $req:ident, $view:ident, $field:ident, $value:expr) => {
        $crate::services::filters::unset_or_listed(&$req.$field, &$value)
    };
    (@any_listed $req:ident, $view:ident, $field:ident, $values:expr) => {
        $crate::services::filters::unset_or_any_listed(&$req.$field, || $values)
    };
}
pub(crate) use passes;

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
    fn an_unsupported_filter_passes_only_when_left_out() {
        assert!(unset(&None::<String>));
        assert!(unset(&Vec::<String>::new()));
        assert!(!unset(&Some("x".to_string())));
        assert!(!unset(&vec!["x".to_string()]));
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

    #[derive(Default)]
    struct Request {
        id: Option<String>,
        ids: Vec<String>,
        ips: Vec<String>,
        tags: Vec<String>,
        group: Option<String>,
    }

    /// The request without filters, changed by `change`.
    fn request(change: impl FnOnce(&mut Request)) -> Request {
        let mut req = Request::default();
        change(&mut req);
        req
    }

    struct View {
        id: String,
        ip: String,
    }

    fn view() -> View {
        View {
            id: "a".into(),
            ip: "10.0.0.1".into(),
        }
    }

    fn declared(req: &Request, v: &View) -> bool {
        passes!(req, v {
            equal: id;
            listed: ids => v.id;
            any_listed: ips => vec![v.ip.as_str()];
            unsupported: tags, group;
        })
    }

    #[test]
    fn declared_filters_pass_a_request_without_filters() {
        assert!(declared(&Request::default(), &view()));
    }

    #[test]
    fn every_declared_filter_must_match() {
        let matching = request(|r| {
            r.id = Some("a".into());
            r.ids = vec!["b".into(), "a".into()];
            r.ips = vec!["10.0.0.1".into()];
        });
        assert!(declared(&matching, &view()));
        let failing = [
            request(|r| r.id = Some("b".into())),
            request(|r| r.ids = vec!["b".into()]),
            request(|r| r.ips = vec!["10.0.0.2".into()]),
            request(|r| r.tags = vec!["k".into()]),
            request(|r| r.group = Some("g".into())),
        ];
        for req in &failing {
            assert!(!declared(req, &view()));
        }
    }
}
