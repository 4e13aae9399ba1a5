//! A small layout printer for generated code: a value is a tree of atoms and bracketed groups;
//! a group that fits on the line stays there, a longer one puts each element on its own
//! indented line. Enough for object literals, maps, lists and argument lists in every language.

/// How wide a line may get before a group breaks.
const WIDTH: usize = 96;

/// One piece of code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// Text that is never broken.
    Atom(String),
    /// `prefix` followed by a node on the same line (`key: value`, `Map.entry(…)`).
    Entry(String, Box<Node>),
    /// `open` elements `close`, separated by commas.
    Group(Group),
    /// A method chain: `head` then links (`.name(args)`), one per line when broken.
    Chain(Chain),
}

/// A builder or method chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chain {
    pub head: String,
    pub links: Vec<Node>,
    /// Always one link per line.
    pub broken: bool,
}

/// A bracketed list of nodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub open: String,
    pub items: Vec<Node>,
    pub close: String,
    /// A comma after the last element when broken over lines (not Java).
    pub trailing_comma: bool,
    /// Spaces inside the brackets when on one line (`{ a: 1 }`).
    pub padded: bool,
    /// Always one element per line (a request's top-level fields).
    pub broken: bool,
}

impl Node {
    pub fn atom(text: impl Into<String>) -> Self {
        Self::Atom(text.into())
    }

    pub fn entry(prefix: impl Into<String>, value: Node) -> Self {
        Self::Entry(prefix.into(), Box::new(value))
    }

    /// A group with a trailing comma when broken and no padding.
    pub fn group(open: impl Into<String>, items: Vec<Node>, close: impl Into<String>) -> Self {
        Self::Group(Group {
            open: open.into(),
            items,
            close: close.into(),
            trailing_comma: true,
            padded: false,
            broken: false,
        })
    }

    /// `head.link1.link2…`; each link is usually a group such as `.name(` args `)`.
    pub fn chain(head: impl Into<String>, links: Vec<Node>) -> Self {
        Self::Chain(Chain {
            head: head.into(),
            links,
            broken: false,
        })
    }

    /// A call `name(args)` with no trailing comma when broken (Java, Rust method arguments
    /// accept one, but not every language does).
    pub fn call(name: impl Into<String>, args: Vec<Node>) -> Self {
        Self::group(format!("{}(", name.into()), args, ")").without_trailing_comma()
    }

    /// Pads the brackets on one line: `{ S: "a" }`.
    pub fn padded(self) -> Self {
        self.map_group(|g| g.padded = true)
    }

    /// Puts every element (or link) on its own line.
    pub fn broken(mut self) -> Self {
        if let Self::Chain(chain) = &mut self {
            chain.broken = true;
        }
        self.map_group(|g| g.broken = true)
    }

    /// No comma after the last element (Java and Go calls that do not take one).
    pub fn without_trailing_comma(self) -> Self {
        self.map_group(|g| g.trailing_comma = false)
    }

    fn map_group(mut self, change: impl FnOnce(&mut Group)) -> Self {
        if let Self::Group(group) = &mut self {
            change(group);
        }
        self
    }

    /// The node on one line.
    pub fn flat(&self) -> String {
        match self {
            Self::Atom(text) => text.clone(),
            Self::Entry(prefix, value) => format!("{prefix}{}", value.flat()),
            Self::Group(group) => {
                if group.items.is_empty() {
                    return format!("{}{}", group.open, group.close);
                }
                let pad = if group.padded { " " } else { "" };
                let items: Vec<String> = group.items.iter().map(Node::flat).collect();
                format!(
                    "{}{pad}{}{pad}{}",
                    group.open,
                    items.join(", "),
                    group.close
                )
            }
            Self::Chain(chain) => {
                let links: String = chain.links.iter().map(Node::flat).collect();
                format!("{}{links}", chain.head)
            }
        }
    }

    fn must_break(&self) -> bool {
        match self {
            Self::Atom(_) => false,
            Self::Entry(_, value) => value.must_break(),
            Self::Group(group) => {
                (group.broken && !group.items.is_empty())
                    || group.items.iter().any(Node::must_break)
            }
            Self::Chain(chain) => {
                (chain.broken && !chain.links.is_empty())
                    || chain.links.iter().any(Node::must_break)
            }
        }
    }

    /// The node laid out starting at a line indented by `indent` (the first line is not
    /// indented: the caller has written what comes before it), nested lines by `unit` more.
    pub fn render(&self, indent: &str, unit: &str) -> String {
        if !self.must_break() {
            let flat = self.flat();
            if indent.chars().count() + flat.chars().count() <= WIDTH {
                return flat;
            }
        }
        match self {
            Self::Atom(text) => text.clone(),
            Self::Entry(prefix, value) => format!("{prefix}{}", value.render(indent, unit)),
            Self::Group(group) if group.items.is_empty() => {
                format!("{}{}", group.open, group.close)
            }
            // One element hugs its brackets: `fromS("…long…")`, `List.of(\n…\n)`.
            Self::Group(group) if group.items.len() == 1 && !group.broken => {
                let only = group.items[0].render(indent, unit);
                let pad = if group.padded { " " } else { "" };
                format!("{}{pad}{only}{pad}{}", group.open, group.close)
            }
            Self::Group(group) => {
                let inner = format!("{indent}{unit}");
                let mut out = group.open.clone();
                out.push('\n');
                let last = group.items.len() - 1;
                for (i, item) in group.items.iter().enumerate() {
                    out.push_str(&inner);
                    out.push_str(&item.render(&inner, unit));
                    if i < last || group.trailing_comma {
                        out.push(',');
                    }
                    out.push('\n');
                }
                out.push_str(indent);
                out.push_str(&group.close);
                out
            }
            Self::Chain(chain) => {
                let inner = format!("{indent}{unit}");
                let mut out = chain.head.clone();
                for link in &chain.links {
                    out.push('\n');
                    out.push_str(&inner);
                    out.push_str(&link.render(&inner, unit));
                }
                out
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_groups_stay_on_one_line_and_long_ones_break() {
        let short = Node::group("{", vec![Node::entry("S: ", Node::atom("\"a\""))], "}").padded();
        assert_eq!(short.render("", "  "), "{ S: \"a\" }");
        let long = Node::group(
            "[",
            (0..30).map(|i| Node::atom(format!("\"{i}\""))).collect(),
            "]",
        );
        let text = long.render("  ", "  ");
        assert!(text.starts_with("[\n    \"0\",\n"), "{text}");
        assert!(text.ends_with("    \"29\",\n  ]"), "{text}");
        let java = Node::group("List.of(", vec![Node::atom("1"); 40], ")")
            .without_trailing_comma()
            .render("", "    ");
        assert!(java.ends_with("    1\n)"), "{java}");
        let hug = Node::call("f", vec![Node::atom("x".repeat(100))]);
        assert_eq!(hug.render("", "  "), format!("f({})", "x".repeat(100)));
        let forced = Node::group("{", vec![Node::atom("a")], "}").broken();
        assert_eq!(forced.render("", "  "), "{\n  a,\n}");
        assert_eq!(Node::group("(", vec![], ")").broken().render("", " "), "()");
        let chain = Node::chain(
            "Put.builder()",
            vec![
                Node::call(".tableName", vec![Node::atom("\"T\"")]),
                Node::call(".build", vec![]),
            ],
        );
        assert_eq!(
            chain.render("", "  "),
            "Put.builder().tableName(\"T\").build()"
        );
        assert_eq!(
            chain.broken().render("", "  "),
            "Put.builder()\n  .tableName(\"T\")\n  .build()"
        );
    }
}
