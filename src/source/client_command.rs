//! Recognising client commands: SQL*Plus (and DIsql) commands in Oracle
//! scripts, backslash meta-commands in psql scripts. The server never sees
//! them, so they are kept verbatim as their own units.

/// SQL*Plus commands with the shortest abbreviation SQL*Plus accepts.
const SQLPLUS_COMMANDS: &[(&str, usize)] = &[
    ("ACCEPT", 3),
    ("BREAK", 3),
    ("BTITLE", 3),
    ("CLEAR", 2),
    ("COLUMN", 3),
    ("COMPUTE", 4),
    ("CONNECT", 4),
    ("DEFINE", 3),
    ("DESCRIBE", 4),
    ("DISCONNECT", 4),
    ("EXECUTE", 4),
    ("EXIT", 4),
    ("HOST", 3),
    ("PAUSE", 3),
    ("PRINT", 3),
    ("PROMPT", 3),
    ("QUIT", 4),
    ("REMARK", 3),
    ("SET", 3),
    ("SHOW", 3),
    ("SHUTDOWN", 8),
    ("SPOOL", 3),
    ("START", 3),
    ("STARTUP", 7),
    ("TIMING", 4),
    ("TTITLE", 3),
    ("UNDEFINE", 5),
    ("VARIABLE", 3),
    ("WHENEVER", 8),
];

/// `SET` followed by one of these is SQL, not a SQL*Plus setting.
const SQL_SET_STATEMENTS: &[&str] = &["TRANSACTION", "ROLE", "CONSTRAINT", "CONSTRAINTS"];

/// Commands whose argument is free text, where a trailing `-` is text, not a
/// line continuation.
const FREE_TEXT_COMMANDS: &[&str] = &["PROMPT", "REMARK"];

/// The SQL*Plus command `word` names (full name), if it is one; `next` is the
/// word after it, which tells `SET ROLE` (SQL) from `SET ECHO` (SQL*Plus).
pub fn sqlplus_command(word: &str, next: Option<&str>) -> Option<&'static str> {
    let upper = word.to_ascii_uppercase();
    let (name, _) = SQLPLUS_COMMANDS
        .iter()
        .find(|(name, min)| upper.len() >= *min && name.starts_with(upper.as_str()))?;
    if *name == "SET"
        && next.is_some_and(|n| SQL_SET_STATEMENTS.iter().any(|s| s.eq_ignore_ascii_case(n)))
    {
        return None;
    }
    Some(name)
}

/// Whether a SQL*Plus command's line may continue onto the next with a
/// trailing ` -`.
pub fn continues_with_hyphen(command: &str) -> bool {
    !FREE_TEXT_COMMANDS.contains(&command)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_and_sql_lookalikes() {
        assert_eq!(sqlplus_command("pro", None), Some("PROMPT"));
        assert_eq!(sqlplus_command("Spool", None), Some("SPOOL"));
        assert_eq!(sqlplus_command("exec", None), Some("EXECUTE"));
        assert_eq!(sqlplus_command("rem", None), Some("REMARK"));
        assert_eq!(sqlplus_command("set", Some("serveroutput")), Some("SET"));
        assert_eq!(sqlplus_command("SET", Some("transaction")), None);
        assert_eq!(sqlplus_command("SELECT", None), None);
        assert_eq!(sqlplus_command("pr", None), None);
        assert_eq!(sqlplus_command("STARTING", None), None);
    }
}
