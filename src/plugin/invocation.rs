//! Which Terraform (or OpenTofu) command started this provider, read from the parent
//! process's arguments.
//!
//! Terraform plans a destroy by first making an ordinary plan of the whole configuration to
//! refresh the state, and any error in that plan stops the destroy. A create's live
//! plan-time checks must therefore not fail a destroy run: nothing will be created in it.
//! The tfplugin5 protocol does not say which command runs, so the provider reads its
//! parent's command line (`/proc/<parent>/cmdline` on Linux). Where that cannot be read the
//! run counts as an ordinary one and the checks run.

/// Whether the command line (program name first) runs a destroy: `destroy`, or `plan` /
/// `apply` with `-destroy`.
pub fn is_destroy(args: &[String]) -> bool {
    let mut rest = args.iter().skip(1).map(String::as_str).skip_while(|a| a.starts_with('-'));
    match rest.next() {
        Some("destroy") => true,
        Some("plan" | "apply") => rest.any(|a| a == "-destroy" || a == "--destroy" || a == "-destroy=true"),
        _ => false,
    }
}

/// The parent process's arguments, when the system exposes them.
fn parent_args() -> Option<Vec<String>> {
    let parent = std::os::unix::process::parent_id();
    let raw = std::fs::read(format!("/proc/{parent}/cmdline")).ok()?;
    Some(raw.split(|b| *b == 0).filter(|a| !a.is_empty()).map(|a| String::from_utf8_lossy(a).into_owned()).collect())
}

/// True when the parent process is a Terraform or OpenTofu destroy run.
pub fn parent_runs_destroy() -> bool {
    parent_args().is_some_and(|args| is_destroy(&args))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn destroy_runs_are_recognised() {
        for line in
            ["terraform destroy -auto-approve", "tofu destroy", "terraform -chdir=infra destroy", "terraform plan -destroy -out=x", "terraform apply -auto-approve -destroy"]
        {
            assert!(is_destroy(&args(line)), "{line}");
        }
        for line in ["terraform plan", "terraform apply -auto-approve", "terraform import a b", "terraform plan -refresh-only", "terraform", "terraform apply destroy.tfplan"] {
            assert!(!is_destroy(&args(line)), "{line}");
        }
    }

    #[test]
    fn the_test_runner_is_no_destroy_run() {
        assert!(!parent_runs_destroy());
    }
}
