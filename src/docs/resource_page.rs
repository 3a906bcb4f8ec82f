//! A resource's page: description, supported clouds, example, schema with each argument's
//! change effect, the API notice, the plan-time rules (the validators' and the rule book's),
//! how it behaves after the first apply, and import.

use crate::framework::plan::ChangeEffect;
use crate::framework::{Block, Identity, Phase, Resource, Rule};
use crate::provider::{ProviderConfig, TYPE_NAME};

use super::markdown::{fenced, front_matter, join_or, rules_table};
use super::schema_lists::schema_lists;
use super::{example, import_block, import_id};

/// Rules from the attribute validators (descending into nested blocks): what each validator
/// requires, with the codes it declares.
fn validator_rules(block: &Block, prefix: &str, out: &mut Vec<Rule>) {
    for attribute in &block.attributes {
        let path = format!("{prefix}{}", attribute.name);
        for validator in &attribute.validators {
            out.push(Rule { holds: format!("`{path}`: {}", validator.description()), clouds: &[], phase: Phase::Static, prevents: validator.prevents() });
        }
    }
    for nested in &block.blocks {
        validator_rules(&nested.block, &format!("{prefix}{}.", nested.name), out);
    }
}

/// The page of `resource`.
pub fn render(resource: &dyn Resource<ProviderConfig>) -> String {
    let type_name = resource.type_name();
    let block = &resource.schema().block;
    let supported = resource.clouds();
    let book = resource.rule_book();
    let example = example(type_name);
    let mut out = front_matter(&format!("{type_name} Resource - {TYPE_NAME}"), &block.description);
    out.push_str(&format!("# {type_name} (Resource)\n\n{}\n\n", block.description));
    out.push_str(&format!(
        "Supported clouds: {}. With a provider configured for another cloud, the plan fails naming the supported ones; use a provider alias.\n\n",
        supported.iter().map(|c| format!("`{}` ({})", c.name(), c.display_name())).collect::<Vec<_>>().join(", ")
    ));

    out.push_str("## Example Usage\n\n");
    match example {
        Some(e) => out.push_str(&fenced("terraform", e.resource_tf)),
        None => out.push_str("No example yet.\n"),
    }
    out.push('\n');

    out.push_str("## Schema\n\n");
    let names = |effect: ChangeEffect| -> Vec<String> {
        block.attributes.iter().filter(|a| a.presence.is_configurable() && ChangeEffect::of(a) == effect).map(|a| format!("`{}`", a.name)).collect()
    };
    let local: Vec<String> = names(ChangeEffect::UpdateWithoutApiCall).into_iter().chain(block.blocks.iter().map(|b| format!("`{}`", b.name))).collect();
    let mut effects = Vec::new();
    for (list, what) in [
        (names(ChangeEffect::Replace), "replaces the association (destroy, then create)"),
        (names(ChangeEffect::UpdateInPlace), "updates it in place"),
        (local, "updates the state in place without any API call"),
    ] {
        if !list.is_empty() {
            effects.push(format!("changing {} {what}", join_or(&list)));
        }
    }
    if !effects.is_empty() {
        let mut sentence = effects.join("; ");
        if let Some(first) = sentence.get(..1) {
            sentence = format!("{}{}", first.to_uppercase(), &sentence[1..]);
        }
        out.push_str(&format!("{sentence}. `terraform plan` shows which.\n\n"));
    }
    schema_lists(block, "", &mut out);

    if let Some((title, body)) = &book.api_notice {
        out.push_str(&format!("## {title}\n\n{body}"));
    }

    out.push_str("## Plan-time checks\n\n");
    out.push_str(
        "tether reports these at `terraform validate` / `terraform plan`, on the offending attribute, \
         with the cloud error code that `terraform apply` would otherwise fail with, e.g. `[CODE] summary`.\n\n",
    );
    let cloud_names: Vec<String> = supported.iter().map(|c| format!("`{}`", c.name())).collect();
    let mut static_rules = vec![Rule::config(format!("the provider's `cloud` is {}", join_or(&cloud_names)), &[], &[])];
    validator_rules(block, "", &mut static_rules);
    static_rules.extend(book.of_phase(Phase::Static).cloned());
    out.push_str("### Static\n\nFrom the configuration and the provider's cloud and region alone, with no API call (also without credentials).\n\n");
    rules_table(&static_rules, supported, &mut out);
    let live: Vec<&Rule> = book.of_phase(Phase::Live).collect();
    if !live.is_empty() {
        out.push_str(&format!(
            "### Live\n\nRead-only Describe calls during `terraform plan`, {}. Without credentials they are skipped with a warning and the constraint is checked by the cloud at apply.\n\n",
            book.live_when
        ));
        rules_table(live, supported, &mut out);
    }

    out.push_str(DAY_TWO);

    out.push_str("## Import\n\n");
    match example {
        Some(e) => {
            out.push_str("Import with `terraform import`, using one of these ID forms:\n\n");
            out.push_str(&fenced("shell", e.import_sh));
            if let Some(block) = import_block(e.import_sh) {
                out.push_str("\nOr, from Terraform 1.5 / OpenTofu 1.5, with an `import` block (any of the ID forms above as `id`):\n\n");
                out.push_str(&fenced("terraform", &block));
            }
            if let Some(identity) = resource.identity() {
                out.push_str(&identity_section(identity, e.import_sh));
            }
        }
        None => out.push_str("No import example yet.\n"),
    }
    out.push_str("\nThe imported state equals what a create would have produced: the next plan is empty.\n");
    out
}

/// How every resource behaves after its first apply.
const DAY_TWO: &str = "## After the first apply\n\n\
- **Replacement.** Terraform destroys the old association before it creates the new one, so \
the live checks count what the replaced association holds as free (its EIP, its instance, its \
place on a HaVip or in a scaling group). Do not set `create_before_destroy`: the cloud binds an \
EIP, a backend or an instance once, so the new association could not be made while the old one \
exists.\n\
- **Changes outside Terraform.** When a refresh finds the association gone (unbound, bound \
elsewhere, its target or the EIP, HaVip, instance or group deleted), the resource stays in \
state with what is there now, and the plan makes it again in place, with a warning saying what \
changed. When it cannot be made again yet, for example because the EIP is now bound to another \
instance, the warning says so and how to resolve it, instead of an error, so that other \
resources keep planning; applying fails for that resource alone until it is resolved. \
`terraform destroy` removes it from state without touching what is there now. tether never \
takes over or removes an association it did not make: an association that already exists as \
configured but is not in state is refused at plan, with the `terraform import` command to run.\n\
- **Destroy runs.** During `terraform destroy` (and `plan -destroy`) the create-time live checks \
do not run: Terraform plans the whole configuration before a destroy, and an association that \
could not be created must not stop it. tether recognises a destroy run from the Terraform or \
OpenTofu command line (on Linux, where the provider can read it).\n\
- **Interrupted applies.** After Ctrl-C, a bind already accepted by the cloud is waited for \
(up to 30 s) so that the state records it; a create that fails after its request may have \
reached the cloud records what exists, and the next apply replaces it.\n\
- **Import** of an association made outside Terraform records what the cloud reports. Settings \
the cloud does not report (delete options such as `force` or `decrease_desired_capacity`, \
`lifecycle_hook`) are recorded with their defaults: if the configuration sets another value, \
the next plan shows an update without any API call, which records it.\n\n";

/// Import by identity (Terraform 1.12 / OpenTofu 1.12): the identity attributes, and the
/// example's first import ID written as an identity.
fn identity_section(identity: &Identity, import_sh: &str) -> String {
    let mut out = String::from("\nOr, from Terraform 1.12 / OpenTofu 1.12, by resource identity:\n\n");
    for a in &identity.attributes {
        let need = if a.required_for_import { "Required" } else { "Optional" };
        out.push_str(&format!("- `{}` (String, {need}) {}\n", a.name, a.description));
    }
    let forms: Vec<String> = identity.forms.iter().map(|f| f.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" + ")).collect();
    out.push_str(&format!("\nAn identity sets exactly one of these sets of attributes: {}.\n", forms.join("; or ")));
    if let Some((address, id)) = import_id(import_sh) {
        let parts: Vec<&str> = id.split(':').collect();
        if let Some(form) = identity.forms.iter().find(|f| f.len() == parts.len()) {
            let width = form.iter().map(|n| n.len()).max().unwrap_or(0);
            let body: String = form.iter().zip(&parts).map(|(name, value)| format!("    {name:<width$} = \"{value}\"\n")).collect();
            out.push('\n');
            out.push_str(&fenced("terraform", &format!("import {{\n  to = {address}\n  identity = {{\n{body}  }}\n}}\n")));
        }
    }
    out
}
