//! The `timeouts { create, delete }` block every resource carries, and reading it.

use std::time::Duration;

use super::schema::{Attribute, Block, NestedBlock, Nesting};
use super::validators::{parse_duration, Duration as DurationValidator};
use super::value::Value;

/// The nested block declaration, with the defaults named in its description.
pub fn block(default_create: Duration, default_delete: Duration) -> NestedBlock {
    NestedBlock {
        name: "timeouts",
        nesting: Nesting::Single,
        block: Block::new("How long to wait for operations to take effect. Changing it updates the state in place without any API call.")
            .attribute(
                Attribute::string("create")
                    .optional()
                    .describe(format!("How long a create may take, e.g. `10m` (default `{}`).", human(default_create)))
                    .validate(DurationValidator),
            )
            .attribute(
                Attribute::string("delete")
                    .optional()
                    .describe(format!("How long a delete may take, e.g. `10m` (default `{}`).", human(default_delete)))
                    .validate(DurationValidator),
            ),
        // Terraform requires min = max for single blocks; 0 means optional.
        min_items: 0,
        max_items: 0,
    }
}

/// The configured timeout for `operation` (`create` or `delete`), or the default.
pub fn get(state: &Value, operation: &str, default: Duration) -> Duration {
    state.attr("timeouts").attr(operation).as_str().and_then(parse_duration).unwrap_or(default)
}

/// A duration as the `timeouts` block writes it (`90s`, `5m`).
pub fn human(d: Duration) -> String {
    let s = d.as_secs();
    if d.subsec_millis() != 0 {
        format!("{}ms", d.as_millis())
    } else if s != 0 && s % 60 == 0 {
        format!("{}m", s / 60)
    } else {
        format!("{s}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_written() {
        assert_eq!(human(Duration::from_secs(1)), "1s");
        assert_eq!(human(Duration::from_secs(300)), "5m");
        assert_eq!(human(Duration::from_secs(90)), "90s");
        assert_eq!(human(Duration::from_millis(1500)), "1500ms");
    }
}
