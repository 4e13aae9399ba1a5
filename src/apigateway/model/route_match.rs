//! Which route (HTTP API) or method (REST API) a request reaches, with API Gateway's
//! precedence: the most specific path wins (a literal segment beats a `{param}` in the same
//! place, and any path without a greedy `{proxy+}` beats one with it; among greedy paths the
//! longer prefix wins), then an exact method beats `ANY`. `$default` and stages are the
//! caller's. Paths are matched as sent, segment by segment: a literal compares with the
//! percent-decoded segment, `%2F` stays inside its segment, an empty segment (`//`, a trailing
//! `/`) matches no `{param}`, and `..` is an ordinary segment (nothing here reads files).

use crate::apigateway::model::route_event::percent_decode;

/// A route or method a request may reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate<'a, K> {
    /// What the caller names it by (a route id; a resource id and method).
    pub key: K,
    /// `GET`, `POST`, ... or `ANY`.
    pub method: &'a str,
    /// `/orders/{id}`, `/files/{proxy+}`, `/`.
    pub template: &'a str,
}

/// The candidate a request reaches, with its path parameters (decoded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathMatch<K> {
    pub key: K,
    pub path_parameters: Vec<(String, String)>,
}

/// How specific a match is; the greatest wins.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Specificity {
    not_greedy: bool,
    /// Per template segment: 2 for a literal, 1 for a `{param}` (lexicographic).
    segments: Vec<u8>,
    exact_method: bool,
}

enum Segment<'a> {
    Literal(&'a str),
    Param(&'a str),
    Greedy(&'a str),
}

fn segment(text: &str) -> Segment<'_> {
    match text.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
        Some(inner) => match inner.strip_suffix('+') {
            Some(name) => Segment::Greedy(name),
            None => Segment::Param(inner),
        },
        None => Segment::Literal(text),
    }
}

/// The segments of a path after its leading `/`: none for `/`; `None` when it does not start
/// with `/` (an absolute-form or `*` target).
fn path_segments(path: &str) -> Option<Vec<&str>> {
    let rest = path.strip_prefix('/')?;
    Some(if rest.is_empty() {
        Vec::new()
    } else {
        rest.split('/').collect()
    })
}

/// How a template matched: its parameters, its per-segment score, and whether it is greedy.
type TemplateMatch = (Vec<(String, String)>, Vec<u8>, bool);

/// The parameters and specificity of `template` for a request path's segments, if it matches.
fn match_template(template: &str, request: &[&str]) -> Option<TemplateMatch> {
    let template = path_segments(template)?;
    let mut parameters = Vec::new();
    let mut score = Vec::with_capacity(template.len());
    for (i, part) in template.iter().enumerate() {
        match segment(part) {
            Segment::Literal(literal) => {
                let sent = request.get(i)?;
                if *sent != literal && percent_decode(sent) != literal {
                    return None;
                }
                score.push(2);
            }
            Segment::Param(name) => {
                let sent = request.get(i).filter(|s| !s.is_empty())?;
                parameters.push((name.to_owned(), percent_decode(sent)));
                score.push(1);
            }
            // Greedy only as the last segment, and it takes at least one character.
            Segment::Greedy(name) if i + 1 == template.len() => {
                let rest = request.get(i..)?.join("/");
                if rest.is_empty() {
                    return None;
                }
                parameters.push((name.to_owned(), percent_decode(&rest)));
                return Some((parameters, score, true));
            }
            Segment::Greedy(_) => return None,
        }
    }
    (request.len() == template.len()).then_some((parameters, score, false))
}

/// The candidate `method raw_path` reaches, by API Gateway's precedence; `None` when none
/// does (the caller's `$default` or "not found"). `raw_path` is the path as sent, without
/// the query string.
pub fn best_match<'a, K: Copy>(
    candidates: impl IntoIterator<Item = Candidate<'a, K>>,
    method: &str,
    raw_path: &str,
) -> Option<PathMatch<K>> {
    let request = path_segments(raw_path)?;
    let mut best: Option<(Specificity, PathMatch<K>)> = None;
    for candidate in candidates {
        let exact_method = candidate.method == method;
        if !exact_method && candidate.method != "ANY" {
            continue;
        }
        let Some((path_parameters, segments, greedy)) =
            match_template(candidate.template, &request)
        else {
            continue;
        };
        let specificity = Specificity {
            not_greedy: !greedy,
            segments,
            exact_method,
        };
        if best.as_ref().is_none_or(|(b, _)| specificity > *b) {
            let found = PathMatch {
                key: candidate.key,
                path_parameters,
            };
            best = Some((specificity, found));
        }
    }
    best.map(|(_, found)| found)
}

/// The rest of `raw_path` under the stage prefix `/stage` (`/` for the stage itself); the
/// whole path for `$default`, which is served at the root. `None` outside the stage.
pub fn under_stage<'p>(raw_path: &'p str, stage: &str) -> Option<&'p str> {
    if stage.is_empty() || stage == "$default" {
        return Some(raw_path);
    }
    let rest = raw_path.strip_prefix('/')?.strip_prefix(stage)?;
    match rest {
        "" => Some("/"),
        rest if rest.starts_with('/') => Some(rest),
        _ => None,
    }
}

/// The first segment of `raw_path` (a REST API's stage, decoded) and the path after it.
pub fn first_segment(raw_path: &str) -> Option<(String, &str)> {
    let rest = raw_path.strip_prefix('/')?;
    let (stage, after) = match rest.find('/') {
        Some(slash) => (&rest[..slash], &rest[slash..]),
        None => (rest, "/"),
    };
    (!stage.is_empty()).then(|| (percent_decode(stage), after))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROUTES: [(&str, &str); 7] = [
        ("GET", "/pets/dog/1"),
        ("GET", "/pets/dog/{id}"),
        ("GET", "/pets/{proxy+}"),
        ("ANY", "/{proxy+}"),
        ("ANY", "/pets/dog/{id}"),
        ("POST", "/orders"),
        ("GET", "/"),
    ];

    fn reached(method: &str, path: &str) -> Option<(String, Vec<(String, String)>)> {
        let candidates = ROUTES.iter().map(|(m, t)| Candidate {
            key: (*m, *t),
            method: m,
            template: t,
        });
        best_match(candidates, method, path).map(|found| {
            let (m, t) = found.key;
            (format!("{m} {t}"), found.path_parameters)
        })
    }

    fn route(method: &str, path: &str) -> Option<String> {
        reached(method, path).map(|(route, _)| route)
    }

    fn pair(name: &str, value: &str) -> Vec<(String, String)> {
        vec![(name.to_owned(), value.to_owned())]
    }

    #[test]
    fn the_most_specific_route_wins_as_api_gateway_documents() {
        assert_eq!(
            route("GET", "/pets/dog/1").as_deref(),
            Some("GET /pets/dog/1")
        );
        assert_eq!(
            reached("GET", "/pets/dog/2"),
            Some(("GET /pets/dog/{id}".to_owned(), pair("id", "2")))
        );
        // An exact method beats ANY on the same path; ANY takes the others.
        assert_eq!(
            route("DELETE", "/pets/dog/2").as_deref(),
            Some("ANY /pets/dog/{id}")
        );
        assert_eq!(
            reached("GET", "/pets/cat/9"),
            Some(("GET /pets/{proxy+}".to_owned(), pair("proxy", "cat/9")))
        );
        assert_eq!(
            reached("PUT", "/pets/cat/9"),
            Some(("ANY /{proxy+}".to_owned(), pair("proxy", "pets/cat/9")))
        );
        assert_eq!(route("GET", "/").as_deref(), Some("GET /"));
        // `/{proxy+}` needs something after the slash.
        assert_eq!(route("POST", "/"), None);
        assert_eq!(route("POST", "/orders").as_deref(), Some("POST /orders"));
    }

    #[test]
    fn hostile_paths_match_segment_by_segment() {
        // Percent-encoding: decoded values; an encoded slash stays in its segment.
        assert_eq!(
            reached("GET", "/pets/dog/a%2Fb%20%C3%BC"),
            Some(("GET /pets/dog/{id}".to_owned(), pair("id", "a/b ü")))
        );
        // A literal compares decoded, too.
        assert_eq!(
            route("GET", "/pets/%64og/1").as_deref(),
            Some("GET /pets/dog/1")
        );
        // Malformed escapes stay as sent, never a panic.
        assert_eq!(
            reached("GET", "/pets/dog/%zz%4"),
            Some(("GET /pets/dog/{id}".to_owned(), pair("id", "%zz%4")))
        );
        // `..` is a segment like any other: no route resolves it away.
        assert_eq!(
            reached("GET", "/pets/dog/.."),
            Some(("GET /pets/dog/{id}".to_owned(), pair("id", "..")))
        );
        assert_eq!(
            reached("GET", "/pets/../orders"),
            Some(("GET /pets/{proxy+}".to_owned(), pair("proxy", "../orders")))
        );
        // Double and trailing slashes: an empty segment is no parameter.
        assert_eq!(
            reached("GET", "/pets/dog//"),
            Some(("GET /pets/{proxy+}".to_owned(), pair("proxy", "dog//")))
        );
        assert_eq!(route("GET", "//pets").as_deref(), Some("ANY /{proxy+}"));
        assert_eq!(route("POST", "/orders/").as_deref(), Some("ANY /{proxy+}"));
        // Not a path at all.
        for odd in ["", "*", "orders", "http://x/orders"] {
            assert_eq!(route("GET", odd), None, "{odd:?}");
        }
        // Unicode as sent raw (hyper refuses it, but the matcher never panics on it).
        assert_eq!(
            reached("GET", "/pets/dog/zoë"),
            Some(("GET /pets/dog/{id}".to_owned(), pair("id", "zoë")))
        );
        // A very long path: one greedy value, no recursion.
        let long = format!("/pets/{}", "a/".repeat(50_000));
        let (found, parameters) = reached("GET", &long).expect("greedy");
        assert_eq!(found, "GET /pets/{proxy+}");
        assert_eq!(parameters[0].1.len(), 100_000);
        // Methods are case-sensitive, as HTTP's are.
        assert_eq!(route("get", "/orders").as_deref(), Some("ANY /{proxy+}"));
    }

    #[test]
    fn odd_templates_never_match_wrongly() {
        let templates = [
            ("GET", "/a/{proxy+}/b"),
            ("GET", "no-slash"),
            ("GET", "/{}"),
        ];
        let candidates = templates.iter().map(|(m, t)| Candidate {
            key: *t,
            method: m,
            template: t,
        });
        // A greedy segment in the middle matches nothing; `{}` is a parameter named "".
        let found = best_match(candidates, "GET", "/x").expect("{}");
        assert_eq!(found.key, "/{}");
        assert_eq!(found.path_parameters, pair("", "x"));
    }

    #[test]
    fn stages_prefix_paths() {
        assert_eq!(under_stage("/orders/1", "$default"), Some("/orders/1"));
        assert_eq!(under_stage("/prod/orders/1", "prod"), Some("/orders/1"));
        assert_eq!(under_stage("/prod", "prod"), Some("/"));
        assert_eq!(under_stage("/prod/", "prod"), Some("/"));
        assert_eq!(under_stage("/production/x", "prod"), None);
        assert_eq!(under_stage("/orders", "prod"), None);
        assert_eq!(under_stage("", "prod"), None);
        assert_eq!(
            first_segment("/dev/orders/1"),
            Some(("dev".to_owned(), "/orders/1"))
        );
        assert_eq!(first_segment("/dev"), Some(("dev".to_owned(), "/")));
        assert_eq!(first_segment("/d%65v/x"), Some(("dev".to_owned(), "/x")));
        assert_eq!(first_segment("/"), None);
        assert_eq!(first_segment("//x"), None);
        assert_eq!(first_segment("x"), None);
    }
}
