//! The questions the conversation asks, behind a trait: the terminal
//! implementation uses dialoguer; tests use [`Scripted`].
//!
//! Every question has a default, and answering with the default everywhere
//! leaves the proposal as it is. A `None` answer means the person left
//! (Esc, `q`, Ctrl-C): the conversation ends without writing.

use std::collections::VecDeque;
use std::io;

pub trait Prompter {
    /// Shows text (a list, a table, a diff).
    fn say(&mut self, text: &str);
    /// One of `items`; `None` when the person left.
    fn select(
        &mut self,
        prompt: &str,
        items: &[String],
        default: usize,
    ) -> io::Result<Option<usize>>;
    /// Free text; the default when the person just presses Enter.
    fn input(&mut self, prompt: &str, default: &str) -> io::Result<Option<String>>;
    fn confirm(&mut self, prompt: &str, default: bool) -> io::Result<Option<bool>>;
}

/// The real terminal (prompts and text on standard error, so that standard
/// output stays for results).
pub struct Terminal {
    color: bool,
}

impl Terminal {
    pub fn new(color: bool) -> Self {
        Terminal { color }
    }

    fn theme(&self) -> Box<dyn dialoguer::theme::Theme> {
        if self.color {
            Box::new(dialoguer::theme::ColorfulTheme::default())
        } else {
            Box::new(dialoguer::theme::SimpleTheme)
        }
    }
}

/// Ctrl-C and a closed terminal mean "leave", not a failure.
fn left<T>(e: dialoguer::Error) -> io::Result<Option<T>> {
    let dialoguer::Error::IO(e) = e;
    match e.kind() {
        io::ErrorKind::Interrupted | io::ErrorKind::UnexpectedEof => Ok(None),
        _ => Err(e),
    }
}

impl Prompter for Terminal {
    fn say(&mut self, text: &str) {
        eprintln!("{text}");
    }

    fn select(
        &mut self,
        prompt: &str,
        items: &[String],
        default: usize,
    ) -> io::Result<Option<usize>> {
        let theme = self.theme();
        dialoguer::Select::with_theme(theme.as_ref())
            .with_prompt(prompt)
            .items(items)
            .default(default)
            .report(true)
            .interact_opt()
            .or_else(left)
    }

    fn input(&mut self, prompt: &str, default: &str) -> io::Result<Option<String>> {
        let theme = self.theme();
        dialoguer::Input::<String>::with_theme(theme.as_ref())
            .with_prompt(prompt)
            .default(default.to_string())
            .allow_empty(true)
            .interact_text()
            .map(Some)
            .or_else(left)
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> io::Result<Option<bool>> {
        let theme = self.theme();
        dialoguer::Confirm::with_theme(theme.as_ref())
            .with_prompt(prompt)
            .default(default)
            .interact_opt()
            .or_else(left)
    }
}

/// One scripted answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// Enter: take the default.
    Enter,
    /// Choose the item whose text starts with this.
    Pick(String),
    /// Type this text.
    Type(String),
    Yes,
    No,
    /// Leave (Esc / Ctrl-C).
    Leave,
}

/// Replays a script of replies; when the script runs out every question is
/// answered with its default. Everything said and asked is recorded.
#[derive(Debug, Default)]
pub struct Scripted {
    pub replies: VecDeque<Reply>,
    pub transcript: Vec<String>,
}

impl Scripted {
    pub fn new(replies: impl IntoIterator<Item = Reply>) -> Self {
        Scripted {
            replies: replies.into_iter().collect(),
            transcript: Vec::new(),
        }
    }
}

fn script_error(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg)
}

impl Prompter for Scripted {
    fn say(&mut self, text: &str) {
        self.transcript.push(text.to_string());
    }

    fn select(
        &mut self,
        prompt: &str,
        items: &[String],
        default: usize,
    ) -> io::Result<Option<usize>> {
        self.transcript.push(format!("? {prompt}"));
        match self.replies.pop_front().unwrap_or(Reply::Enter) {
            Reply::Enter => Ok(Some(default)),
            Reply::Leave => Ok(None),
            Reply::Pick(p) => items
                .iter()
                .position(|i| i.starts_with(&p))
                .map(Some)
                .ok_or_else(|| script_error(format!("`{p}` is not among {items:?} at `{prompt}`"))),
            other => Err(script_error(format!("{other:?} at select `{prompt}`"))),
        }
    }

    fn input(&mut self, prompt: &str, default: &str) -> io::Result<Option<String>> {
        self.transcript.push(format!("? {prompt}"));
        match self.replies.pop_front().unwrap_or(Reply::Enter) {
            Reply::Enter => Ok(Some(default.to_string())),
            Reply::Leave => Ok(None),
            Reply::Type(t) => Ok(Some(t)),
            other => Err(script_error(format!("{other:?} at input `{prompt}`"))),
        }
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> io::Result<Option<bool>> {
        self.transcript.push(format!("? {prompt}"));
        match self.replies.pop_front().unwrap_or(Reply::Enter) {
            Reply::Enter => Ok(Some(default)),
            Reply::Yes => Ok(Some(true)),
            Reply::No => Ok(Some(false)),
            Reply::Leave => Ok(None),
            other => Err(script_error(format!("{other:?} at confirm `{prompt}`"))),
        }
    }
}
