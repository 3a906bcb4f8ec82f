//! Markdown pieces every page uses: front matter, fences, lists of names, rule tables.

use tether_wire::cloud::Cloud;

use crate::framework::Rule;

pub fn cloud_names(clouds: &[Cloud]) -> String {
    clouds.iter().map(|c| c.display_name()).collect::<Vec<_>>().join(", ")
}

/// The first sentence of a description, for summaries.
pub fn first_sentence(text: &str) -> &str {
    match text.find(". ") {
        Some(i) => &text[..=i],
        None => text,
    }
}

pub fn front_matter(page_title: &str, description: &str) -> String {
    let mut out = format!("---\npage_title: \"{page_title}\"\nsubcategory: \"\"\ndescription: |-\n");
    for line in description.lines() {
        out.push_str("  ");
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("---\n\n");
    out
}

pub fn fenced(language: &str, body: &str) -> String {
    format!("```{language}\n{}\n```\n", body.trim_end())
}

pub fn join_with(items: &[String], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., tail] => format!("{} {last} {tail}", init.join(", ")),
    }
}

pub fn join_or(items: &[String]) -> String {
    join_with(items, "or")
}

/// A `| Check | Clouds | Prevents |` table; a rule without clouds applies on `supported`.
pub fn rules_table<'a>(rules: impl IntoIterator<Item = &'a Rule>, supported: &[Cloud], out: &mut String) {
    out.push_str("| Check | Clouds | Prevents |\n|---|---|---|\n");
    for rule in rules {
        let clouds = if rule.clouds.is_empty() { cloud_names(supported) } else { cloud_names(rule.clouds) };
        let prevents = rule.prevents_markdown();
        let codes = if prevents.is_empty() { "—".to_owned() } else { prevents.join(", ") };
        out.push_str(&format!("| {} | {clouds} | {codes} |\n", rule.holds.replace('|', "\\|")));
    }
    out.push('\n');
}
