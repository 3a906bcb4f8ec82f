//! The provider's index page: what tether is, its resources, the provider schema, the
//! environment variables of each cloud, plan-time checks, OpenTofu and offline installs.

use std::collections::BTreeMap;
use std::path::Path;

use tether_wire::cloud::Cloud;

use crate::framework::{Diagnostics, Provider, Type, Value};
use crate::provider::config::{self, EnvSource};
use crate::provider::{TetherProvider, SOURCE_ADDRESS, TYPE_NAME, VERSION};

use super::markdown::{cloud_names, fenced, first_sentence, front_matter};
use super::schema_lists::schema_lists;
use super::{resource_page_path, PROVIDER_EXAMPLE};

/// An environment that answers nothing and remembers every variable asked for.
#[derive(Default)]
struct RecordingEnv(std::sync::Mutex<Vec<String>>);

impl EnvSource for RecordingEnv {
    fn get(&self, key: &str) -> Option<String> {
        if let Ok(mut asked) = self.0.lock() {
            asked.push(key.to_owned());
        }
        None
    }
}

/// The environment variables `configure` consults for each provider setting of `cloud`,
/// found by running it: with every setting unset it asks for all of them; with one setting
/// given, it does not ask for that setting's variables.
pub fn environment_variables(provider: &TetherProvider, cloud: Cloud) -> Vec<(&'static str, Vec<String>)> {
    let block = &provider.schema().block;
    let probe = |set: Option<&str>| -> Vec<String> {
        let mut object: BTreeMap<String, Value> = block.attributes.iter().map(|a| (a.name.to_owned(), Value::Null)).collect();
        object.insert("cloud".to_owned(), Value::from(cloud.name()));
        if let Some(name) = set {
            object.insert(name.to_owned(), Value::from("set"));
        }
        let env = RecordingEnv::default();
        let mut diags = Diagnostics::new();
        let _ = config::configure(&Value::Object(object), &env, &mut diags);
        env.0.into_inner().unwrap_or_default()
    };
    let all = probe(None);
    let mut out = Vec::new();
    for attribute in block.attributes.iter().filter(|a| a.name != "cloud" && a.ty == Type::String) {
        let without = probe(Some(attribute.name));
        let own: Vec<String> = all.iter().filter(|k| !without.contains(k)).cloned().collect();
        if !own.is_empty() {
            out.push((attribute.name, own));
        }
    }
    out
}

/// The index page.
pub fn render(provider: &TetherProvider) -> String {
    let block = &provider.schema().block;
    let mut out = front_matter(&format!("{TYPE_NAME} Provider"), &block.description);
    out.push_str(&format!("# {TYPE_NAME} Provider\n\n"));
    out.push_str(
        "tether manages **associations between cloud resources** on Alibaba Cloud, Tencent Cloud and Volcengine: \
         an elastic IP bound to an instance, an instance attached to a high-availability virtual IP, the backend of a \
         global acceleration instance, ECS instances attached to an auto scaling group. The resources being associated \
         are created elsewhere (another provider, the console); tether binds them, waits until the binding is really in \
         effect, and catches at `terraform plan` what the clouds would otherwise reject half-way through `terraform apply`.\n\n",
    );
    let rest = block.description[first_sentence(&block.description).len()..].trim();
    if !rest.is_empty() {
        out.push_str(&format!("{rest}\n\n"));
    }
    out.push_str("| Resource | Clouds | Summary |\n|---|---|---|\n");
    for resource in provider.resources() {
        let type_name = resource.type_name();
        let clouds = cloud_names(resource.clouds());
        let link = resource_page_path(type_name).to_string_lossy().replace('\\', "/");
        out.push_str(&format!("| [`{type_name}`]({link}) | {clouds} | {} |\n", first_sentence(&resource.schema().block.description).replace('|', "\\|")));
    }
    out.push('\n');

    out.push_str("## Example Usage\n\n");
    out.push_str(&fenced("terraform", PROVIDER_EXAMPLE));
    out.push('\n');

    out.push_str("## Schema\n\n");
    schema_lists(block, "", &mut out);

    out.push_str("## Environment variables\n\n");
    out.push_str(
        "A setting given in the provider block wins. Otherwise tether reads the first non-empty variable of the \
         provider's cloud, in the order listed. `terraform validate` needs no credentials; without them `terraform plan` \
         skips the live checks with a warning.\n\n",
    );
    for cloud in Cloud::ALL {
        out.push_str(&format!("### {} (`cloud = \"{}\"`)\n\n", cloud.display_name(), cloud.name()));
        out.push_str("| Setting | Environment variables |\n|---|---|\n");
        for (setting, vars) in environment_variables(provider, cloud) {
            out.push_str(&format!("| `{setting}` | {} |\n", vars.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")));
        }
        out.push('\n');
    }

    out.push_str("## Plan-time checks\n\n");
    out.push_str(
        "Every documented constraint that the configuration alone decides is reported by `terraform validate` and \
         `terraform plan` on the offending attribute, with the cloud's error code in brackets. Constraints that depend \
         on the current cloud state are checked with read-only Describe calls during `terraform plan` when a resource \
         is created or replaced (skipped with a warning without credentials). Each resource page lists its checks.\n\n",
    );
    out.push_str(&fenced(
        "text",
        "Error: [InvalidBackendServerRegionId.EqualRegionId] backend_server_region_id must differ from the provider region\n  on main.tf line 13, in resource \"tether_ga_backend\" \"x\":\n  13:   backend_server_region_id = \"cn-hangzhou\"",
    ));
    out.push('\n');

    out.push_str("## Importing associations that exist already\n\n");
    out.push_str(
        "`tether discover --cloud <cloud> --region <region> --out discovered.tf` lists, with read-only Describe calls and the \
         provider's credentials and endpoint environment variables, the associations that exist in a region (bound EIPs, HaVip \
         members, GA backends, instances attached to scaling groups) and writes an `import {}` block and a resource block for \
         each, with the arguments a read sets: the next `terraform plan` only imports. `--exclude-state` takes \
         `terraform show -json` output and leaves out what the workspace manages already; `--kind`, `--format hcl|json` and \
         `--provider tether.<alias>` narrow and shape the output. A summary on stderr counts what was found per kind and says \
         what was skipped and why.\n\n",
    );
    out.push_str(&fenced(
        "sh",
        "tether discover --cloud alibaba --region cn-hangzhou --out discovered.tf\nterraform plan   # Plan: N to import, 0 to add, 0 to change, 0 to destroy.\nterraform show -json | tether discover --cloud alibaba --region cn-hangzhou --exclude-state - --out new.tf",
    ));
    out.push('\n');

    out.push_str("## OpenTofu\n\n");
    out.push_str(&format!(
        "tether speaks plugin protocol 5 and works with OpenTofu as with Terraform. OpenTofu's default registry host is \
         `registry.opentofu.org`, so a short source `tether-dev/tether` would name a different provider there: always write \
         the full source address `{SOURCE_ADDRESS}` in `required_providers`, as in the example above, and in CLI \
         configuration. OpenTofu reads its CLI configuration from `~/.tofurc` (falling back to `~/.terraformrc`; \
         `$XDG_CONFIG_HOME/opentofu/tofurc` on fresh installs) and honours `TF_CLI_CONFIG_FILE` too. The guide \
         [Using tether with OpenTofu](guides/opentofu.md) covers provider `for_each`, `removed` blocks, import by \
         identity and what is proven by replay.\n\n"
    ));

    out.push_str("## Installing without a registry\n\n");
    out.push_str(&format!(
        "`tether install` copies the provider binary into the local filesystem mirror \
         `~/.terraform.d/plugins/{SOURCE_ADDRESS}/{VERSION}/<os>_<arch>/terraform-provider-{TYPE_NAME}_v{VERSION}` \
         (a directory both tools search by default) and prints the CLI configuration that pins the provider to it, for \
         `~/.terraformrc` or `~/.tofurc`:\n\n"
    ));
    out.push_str(&fenced("hcl", &crate::install::cli_config_snippet(Path::new("/home/you/.terraform.d/plugins"))));
    out.push_str(&format!(
        "\n`tether package` builds the release archive `terraform-provider-{TYPE_NAME}_{VERSION}_<os>_<arch>.zip` with its \
         `_SHA256SUMS` and registry manifest; the zip also works as a packed mirror entry \
         `<mirror>/{SOURCE_ADDRESS}/terraform-provider-{TYPE_NAME}_{VERSION}_<os>_<arch>.zip`. After replacing the binary, \
         run `terraform init -upgrade` where a lock file recorded the earlier build.\n"
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_variables_are_found_per_setting() {
        let provider = TetherProvider::new();
        let ali = environment_variables(&provider, Cloud::Alibaba);
        let region = ali.iter().find(|(s, _)| *s == "region").map(|(_, v)| v.clone()).unwrap_or_default();
        assert_eq!(region, vec!["ALIBABA_CLOUD_REGION_ID".to_owned(), "ALICLOUD_REGION".to_owned()]);
        let tc = environment_variables(&provider, Cloud::Tencent);
        assert!(tc.iter().any(|(s, v)| *s == "secret_key" && v == &vec!["TENCENTCLOUD_SECRET_KEY".to_owned()]));
        assert!(tc.iter().any(|(s, v)| *s == "endpoint" && v == &vec!["TETHER_ENDPOINT".to_owned()]));
    }
}
