//! The progress bar `translate` and `assess` show while working through a
//! folder: on a terminal only, never with `--quiet`.

use std::io::{self, IsTerminal};

use indicatif::{ProgressBar, ProgressStyle};

use super::inputs::Input;

/// A progress bar over the inputs, or nothing.
#[derive(Debug, Clone)]
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar when stderr is a terminal, `quiet` is off and a folder was given.
    pub fn new(inputs: &[Input], quiet: bool) -> Self {
        let wanted = !quiet && io::stderr().is_terminal() && inputs.iter().any(|i| i.from_folder);
        Progress::shown_if(wanted, inputs.len())
    }

    /// A bar of `len` steps when `shown`, else nothing.
    pub fn shown_if(shown: bool, len: usize) -> Self {
        let bar = shown.then(|| {
            let bar = ProgressBar::new(len as u64);
            if let Ok(style) =
                ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed_precise}")
            {
                bar.set_style(style);
            }
            bar
        });
        Progress { bar }
    }

    /// Whether a bar is shown.
    #[cfg(test)]
    pub fn is_shown(&self) -> bool {
        self.bar.is_some()
    }

    /// One more file done.
    pub fn tick(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// Removes the bar from the terminal.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_bar_when_quiet_or_not_on_a_terminal() {
        let folder = Input {
            path: None,
            display: "db/a.sql".to_string(),
            relative: "a.sql".into(),
            from_folder: true,
        };
        // Tests run with stderr captured, so never a terminal.
        assert!(!Progress::new(std::slice::from_ref(&folder), false).is_shown());
        assert!(!Progress::new(&[folder], true).is_shown());
        let shown = Progress::shown_if(true, 3);
        assert!(shown.is_shown());
        shown.tick();
        shown.finish();
    }
}
