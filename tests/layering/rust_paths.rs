//! Paths read from Rust source text: comments and literals blanked out, `use` trees expanded,
//! `super::` inside inline modules made absolute. Enough of Rust's lexer for the layering test;
//! not a parser.

/// `source` with comments and the contents of string and char literals replaced by spaces,
/// line breaks kept so line numbers still match.
fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    // Blanks a skipped span, keeping its line breaks.
    let blank = |out: &mut String, span: &[char]| {
        for c in span {
            out.push(if *c == '\n' { '\n' } else { ' ' });
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            let end = chars[i..]
                .iter()
                .position(|c| *c == '\n')
                .map_or(chars.len(), |n| i + n);
            blank(&mut out, &chars[i..end]);
            i = end;
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            let mut j = i;
            while j < chars.len() {
                if chars[j] == '/' && chars.get(j + 1) == Some(&'*') {
                    depth += 1;
                    j += 2;
                } else if chars[j] == '*' && chars.get(j + 1) == Some(&'/') {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            blank(&mut out, &chars[i..j]);
            i = j;
        } else if c == '"' {
            let mut j = i + 1;
            while j < chars.len() && chars[j] != '"' {
                j += if chars[j] == '\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(chars.len());
            blank(&mut out, &chars[i..end]);
            i = end;
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{1F600}'), or a lifetime ('a), which is kept.
            let end = if next == Some('\\') {
                // The escaped char itself may be a quote: '\''.
                chars
                    .get(i + 3..)
                    .and_then(|rest| rest.iter().position(|c| *c == '\''))
                    .map(|n| i + 3 + n + 1)
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 3)
            } else {
                None
            };
            match end {
                Some(end) => {
                    blank(&mut out, &chars[i..end]);
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else if is_ident_start(c) {
            let start = i;
            while i < chars.len() && is_ident_char(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            // Raw strings: r"…", r#"…"#, br#"…"#.
            let hashes = chars[i..].iter().take_while(|c| **c == '#').count();
            if matches!(word.as_str(), "r" | "br" | "cr") && chars.get(i + hashes) == Some(&'"') {
                let closing: Vec<char> = std::iter::once('"')
                    .chain(std::iter::repeat_n('#', hashes))
                    .collect();
                let body = i + hashes + 1;
                let end = (body..chars.len())
                    .find(|j| chars[*j..].starts_with(&closing))
                    .map_or(chars.len(), |j| j + closing.len());
                blank(&mut out, &chars[start..end]);
                i = end;
            } else {
                out.push_str(&word);
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Whether `c` can start an identifier (ASCII or Unicode letters, `_`).
fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

/// Whether `c` can continue an identifier.
fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A token of code; [`tokens`] pairs each with its line (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Ident(String),
    /// `::`
    PathSep,
    Open,
    Close,
    Comma,
    Semi,
    Star,
    Other,
}

/// The tokens of `code` (already stripped by [`code_only`]) that paths are made of.
fn tokens(code: &str) -> Vec<(usize, Token)> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if is_ident_start(c) {
            let start = i;
            while i < chars.len() && is_ident_char(chars[i]) {
                i += 1;
            }
            let mut word: String = chars[start..i].iter().collect();
            // Raw identifiers: r#type.
            if word == "r" && chars.get(i) == Some(&'#') {
                let rest = i + 1;
                let mut j = rest;
                while j < chars.len() && is_ident_char(chars[j]) {
                    j += 1;
                }
                word = chars[rest..j].iter().collect();
                i = j;
            }
            out.push((line, Token::Ident(word)));
            continue;
        }
        let token = match c {
            ':' if chars.get(i + 1) == Some(&':') => {
                i += 1;
                Token::PathSep
            }
            '{' => Token::Open,
            '}' => Token::Close,
            ',' => Token::Comma,
            ';' => Token::Semi,
            '*' => Token::Star,
            _ => Token::Other,
        };
        out.push((line, token));
        i += 1;
    }
    out
}

/// A path found in the code.
#[derive(Debug)]
pub struct FoundPath {
    /// The line it ends on (1-based).
    pub line: usize,
    /// As written, for the report.
    pub written: String,
    /// To resolve from the file's module: `super::` inside an inline `mod tests` made absolute.
    pub path: Vec<String>,
}

impl FoundPath {
    /// `path`, written on `line` inside inline module `here` of the file's `module`.
    fn new(line: usize, path: Vec<String>, here: &[String], module: &[String]) -> Self {
        Self {
            line,
            written: path.join("::"),
            path: as_file_relative(path, here, module),
        }
    }
}

/// Every path in `source`: `use` trees expanded, and every other `a::b` in the code. `module`
/// is the file's module; inline `mod name { … }` blocks extend it.
pub fn paths_in(source: &str, module: &[String]) -> Vec<FoundPath> {
    let toks = tokens(&code_only(source));
    let mut out = Vec::new();
    // Inline modules: (name, brace depth at which it opened).
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < toks.len() {
        match &toks[i].1 {
            Token::Open => {
                depth += 1;
                i += 1;
            }
            Token::Close => {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(_, at)| *at == depth) {
                    inline.pop();
                }
                i += 1;
            }
            Token::Ident(word) if word == "mod" => {
                if let (Some((_, Token::Ident(name))), Some((_, Token::Open))) =
                    (toks.get(i + 1), toks.get(i + 2))
                {
                    inline.push((name.clone(), depth));
                }
                i += 1;
            }
            Token::Ident(word) if word == "use" => {
                let mut found = Vec::new();
                i = use_tree(&toks, i + 1, &[], &mut found);
                let here: Vec<String> = module
                    .iter()
                    .cloned()
                    .chain(inline.iter().map(|(name, _)| name.clone()))
                    .collect();
                for (line, path) in found {
                    out.push(FoundPath::new(line, path, &here, module));
                }
            }
            Token::Ident(_) => {
                // Only whole paths: not the tail of `a::b` nor of `Vec::<T>::new`.
                let after_sep = i > 0 && toks[i - 1].1 == Token::PathSep;
                let mut path = Vec::new();
                let mut line = toks[i].0;
                let mut j = i;
                while let Some((at, Token::Ident(word))) = toks.get(j) {
                    path.push(word.clone());
                    line = *at;
                    if toks.get(j + 1).map(|t| &t.1) == Some(&Token::PathSep)
                        && matches!(toks.get(j + 2), Some((_, Token::Ident(_))))
                    {
                        j += 2;
                    } else {
                        j += 1;
                        break;
                    }
                }
                if path.len() > 1 && !after_sep {
                    let here: Vec<String> = module
                        .iter()
                        .cloned()
                        .chain(inline.iter().map(|(name, _)| name.clone()))
                        .collect();
                    out.push(FoundPath::new(line, path, &here, module));
                }
                i = j;
            }
            _ => i += 1,
        }
    }
    out
}

/// `path`, written inside inline module `here`, rewritten so it resolves from the file's
/// `module`: `super::` inside `mod tests` is the file's own module.
fn as_file_relative(path: Vec<String>, here: &[String], module: &[String]) -> Vec<String> {
    if here.len() == module.len()
        || !matches!(path.first().map(String::as_str), Some("self" | "super"))
    {
        return path;
    }
    // Absolute now: name it from the crate root.
    std::iter::once("crate".to_owned())
        .chain(from_module(&path, here))
        .collect()
}

/// The module `path` (starting with `self::` or `super::`) names when written in `module`.
pub fn from_module(path: &[String], module: &[String]) -> Vec<String> {
    let mut base = module.to_vec();
    let mut rest = path;
    while let Some((head, tail)) = rest.split_first() {
        match head.as_str() {
            "self" => {}
            "super" => {
                base.pop();
            }
            _ => break,
        }
        rest = tail;
    }
    base.extend(rest.iter().cloned());
    base
}

/// Expands the `use` tree starting at `toks[i]` under `prefix` into `out`; returns the index
/// after it.
fn use_tree(
    toks: &[(usize, Token)],
    mut i: usize,
    prefix: &[String],
    out: &mut Vec<(usize, Vec<String>)>,
) -> usize {
    let mut path = prefix.to_vec();
    let mut line = toks.get(i).map_or(0, |t| t.0);
    loop {
        match toks.get(i) {
            Some((at, Token::Ident(word))) => {
                // `self` in a group names the group's prefix.
                if word != "self" || path.is_empty() {
                    path.push(word.clone());
                }
                line = *at;
                i += 1;
                if toks.get(i).map(|t| &t.1) == Some(&Token::PathSep) {
                    i += 1;
                } else {
                    break;
                }
            }
            Some((_, Token::PathSep)) => i += 1,
            Some((_, Token::Star)) => {
                i += 1;
                break;
            }
            Some((_, Token::Open)) => {
                i += 1;
                while let Some((_, token)) = toks.get(i) {
                    match token {
                        Token::Close => {
                            i += 1;
                            break;
                        }
                        Token::Comma => i += 1,
                        _ => i = use_tree(toks, i, &path, out),
                    }
                }
                return skip_statement_end(toks, i);
            }
            _ => break,
        }
    }
    if matches!(toks.get(i), Some((_, Token::Ident(word))) if word == "as") {
        i += 2;
    }
    if !path.is_empty() {
        out.push((line, path));
    }
    skip_statement_end(toks, i)
}

/// Steps over the `;` that ends a whole `use` statement (a nested tree ends at `,` or `}`).
fn skip_statement_end(toks: &[(usize, Token)], i: usize) -> usize {
    if toks.get(i).map(|t| &t.1) == Some(&Token::Semi) {
        i + 1
    } else {
        i
    }
}
