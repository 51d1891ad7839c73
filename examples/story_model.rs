//! Prints what the story analysis finds in a file of one-line user stories
//! ("As a R, I want to G, so that V."), to study its rules:
//! `cargo run --example story_model -- stories.txt`.

use stowage::input::{Requirements, UserStory};
use stowage::propose::stories;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: story_model STORIES.txt");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut req = Requirements::default();
    for (n, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let l = line.trim().trim_end_matches('.');
        let lower = l.to_lowercase();
        let (role, rest) = match lower.find(", i ") {
            Some(i) => (&l[..i], &l[i + 4..]),
            None => ("user", l),
        };
        let role = role
            .trim_start_matches("As an ")
            .trim_start_matches("As a ")
            .trim();
        let (goal, value) = match rest.to_lowercase().find("so that") {
            Some(i) => (&rest[..i], &rest[i + 7..]),
            None => (rest, ""),
        };
        let goal = goal.trim().trim_end_matches(',');
        let goal = ["want to ", "would like to ", "need to ", "want "]
            .iter()
            .find_map(|p| goal.strip_prefix(p))
            .unwrap_or(goal);
        req.stories.push(UserStory {
            id: format!("US-{:03}", n + 1),
            role: role.to_string(),
            goal: goal.to_string(),
            value: value.trim().to_string(),
            ..Default::default()
        });
    }
    let t = std::time::Instant::now();
    let m = stories::analyze(&req);
    let took = t.elapsed();
    println!("-- concepts ({} stories, {:?})", req.stories.len(), took);
    for c in &m.concepts {
        let f = &c.flags;
        println!(
            "{} {:6.1} {:3} {:24} {}{}{}{}{}{}",
            if c.candidate { "*" } else { " " },
            c.score,
            c.sources,
            c.words,
            if f.role { "role " } else { "" },
            if f.role_only { "role-only " } else { "" },
            if f.generic { "generic " } else { "" },
            if f.ui { "ui " } else { "" },
            if f.attribute { "attr " } else { "" },
            if f.verbal { "verbal " } else { "" },
        );
    }
    println!("-- associations");
    for a in &m.associations {
        let both = m.concept(&a.a).is_some_and(|c| c.candidate)
            && m.concept(&a.b).is_some_and(|c| c.candidate);
        println!(
            "{} {} -- {} ({:?}, {:?}, {:?}) x{}",
            if both && a.confident() {
                "*"
            } else if both {
                "?"
            } else {
                " "
            },
            a.a,
            a.b,
            a.kind,
            a.verb,
            a.cardinality,
            a.evidence.len()
        );
    }
    println!("-- attributes");
    for a in &m.attributes {
        println!(
            "{}.{} nullable={:?} unique={} max={:?}",
            a.concept, a.name, a.nullable, a.unique, a.max_len
        );
    }
}
