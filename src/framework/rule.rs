//! Rules: the documented constraints a resource enforces before any write, declared once as
//! values beside its schema ([`RuleBook`]). Attribute validators declare their own codes
//! (`Validator::prevents`). The resource's plan code reports a broken rule with a
//! `Diagnostic::rule` naming one of the rule's codes, `tether docs` renders the declarations,
//! and the terraform tests check that every code a plan reports is declared.

use tether_wire::cloud::Cloud;
use tether_wire::constraints::ApiError;

/// When a rule is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// From the configuration and the provider's cloud and region alone, with no API call.
    Static,
    /// By read-only Describe calls during plan.
    Live,
}

/// An error code a rule prevents, with the cloud that answers it when it is one cloud's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Code {
    pub code: &'static str,
    pub cloud: Option<Cloud>,
}

impl From<ApiError> for Code {
    fn from(e: ApiError) -> Code {
        Code { code: e.code, cloud: Some(e.cloud) }
    }
}

impl From<&ApiError> for Code {
    fn from(e: &ApiError) -> Code {
        Code::from(*e)
    }
}

/// One documented constraint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Markdown: what must hold.
    pub holds: String,
    /// The clouds it applies on; empty for every cloud the resource supports.
    pub clouds: &'static [Cloud],
    pub phase: Phase,
    /// The error codes the cloud would answer at apply time; empty for settings with none.
    pub prevents: Vec<Code>,
}

impl Rule {
    /// A rule checked from the configuration alone.
    pub fn config(holds: impl Into<String>, clouds: &'static [Cloud], prevents: &[ApiError]) -> Rule {
        Rule { holds: holds.into(), clouds, phase: Phase::Static, prevents: prevents.iter().map(Code::from).collect() }
    }

    /// A rule checked by read-only lookups during plan.
    pub fn live(holds: impl Into<String>, clouds: &'static [Cloud], prevents: &[ApiError]) -> Rule {
        Rule { holds: holds.into(), clouds, phase: Phase::Live, prevents: prevents.iter().map(Code::from).collect() }
    }

    /// A static rule whose code every cloud shares (e.g. `MissingParameter`).
    pub fn config_code(holds: impl Into<String>, clouds: &'static [Cloud], code: &'static str) -> Rule {
        Rule { holds: holds.into(), clouds, phase: Phase::Static, prevents: vec![Code { code, cloud: None }] }
    }

    /// The rule's codes as Markdown, naming the cloud when they come from several.
    pub fn prevents_markdown(&self) -> Vec<String> {
        codes_markdown(&self.prevents)
    }
}

/// `` `Code` `` per code, naming the cloud when the codes come from more than one.
pub fn codes_markdown(codes: &[Code]) -> Vec<String> {
    let first = codes.first().and_then(|c| c.cloud);
    let several = codes.iter().any(|c| c.cloud != first);
    codes
        .iter()
        .map(|c| match c.cloud {
            Some(cloud) if several => format!("`{}` ({})", c.code, cloud.display_name()),
            _ => format!("`{}`", c.code),
        })
        .collect()
}

/// Everything a resource's page says about its rules.
#[derive(Clone, Debug, Default)]
pub struct RuleBook {
    /// The static and live rules beyond the attribute validators.
    pub rules: Vec<Rule>,
    /// When the live rules run, as a phrase ("when the plan creates …").
    pub live_when: &'static str,
    /// A section about the cloud API the resource depends on (title, Markdown body), when
    /// that API is not plain to use.
    pub api_notice: Option<(&'static str, String)>,
}

impl RuleBook {
    pub fn of_phase(&self, phase: Phase) -> impl Iterator<Item = &Rule> {
        self.rules.iter().filter(move |r| r.phase == phase)
    }

    /// Whether some rule of the book names `code`.
    pub fn names_code(&self, code: &str) -> bool {
        self.rules.iter().any(|r| r.prevents.iter().any(|c| c.code == code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tether_wire::constraints::{alibaba_vpc, tencent_vpc};

    #[test]
    fn codes_name_their_cloud_only_when_several_clouds_answer() {
        let one = Rule::live("x", &[], &[alibaba_vpc::INVALID_PARAMETER, alibaba_vpc::INCORRECT_EIP_STATUS]);
        assert_eq!(one.prevents_markdown(), vec!["`InvalidParameter`", "`IncorrectEipStatus`"]);
        let two = Rule::live("x", &[], &[alibaba_vpc::INCORRECT_EIP_STATUS, tencent_vpc::INVALID_ADDRESS_ID_NOT_FOUND]);
        assert_eq!(two.prevents_markdown(), vec!["`IncorrectEipStatus` (Alibaba Cloud)", "`InvalidAddressId.NotFound` (Tencent Cloud)"]);
    }

    #[test]
    fn a_book_knows_its_codes_and_phases() {
        let book = RuleBook {
            rules: vec![Rule::config_code("`a` is set", &[], "MissingParameter"), Rule::live("b", &[], &[alibaba_vpc::INVALID_PARAMETER])],
            live_when: "always",
            api_notice: None,
        };
        assert!(book.names_code("MissingParameter") && book.names_code("InvalidParameter") && !book.names_code("Other"));
        assert_eq!(book.of_phase(Phase::Live).count(), 1);
    }
}
