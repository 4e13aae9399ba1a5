//! Every generated form parses with its language's own parser, for every kind of request:
//! JavaScript (`node --check`), Python (`ast.parse`), Java (`javac`, stopped after parsing:
//! the SDK is not on the class path), Rust (`rustfmt`). Go has no parser on these machines; its
//! text is unit-tested.

use std::process::Command;

use stratus::dynamodb::model::AttrValue;
use stratus::dynamodb::model::expression::ItemsRequestSpec;
use stratus::dynamodb::model::item_edit::SaveRequest;
use stratus::dynamodb::model::request_code::{
    delete_code, items_code, partiql_code, render, save_code,
};
use stratus::dynamodb::model::table_details::pk_sk_keys;
use stratus::lambda::model::invocation::InvocationType;
use stratus::lambda::model::invoke_code::{InvokeInput, invoke_code};
use stratus::shared::model::request_code::{CodeLanguage, CodeTarget};

use super::{NASTY, hostile};
use crate::support::emulators_dir;

/// Parses `code` as `language`; the parser's complaint when it does not.
fn parse(
    language: CodeLanguage,
    code: &str,
    dir: &std::path::Path,
    i: usize,
) -> Result<(), String> {
    let write = |name: &str| {
        let folder = dir.join(format!("p{i}"));
        std::fs::create_dir_all(&folder).expect("folder");
        let file = folder.join(name);
        std::fs::write(&file, code).expect("write");
        file
    };
    let output = match language {
        CodeLanguage::Python => Command::new(emulators_dir().join("venv/bin/python"))
            .args(["-c", "import ast, sys; ast.parse(open(sys.argv[1]).read())"])
            .arg(write("request.py"))
            .output(),
        CodeLanguage::JavaScript | CodeLanguage::JavaScriptDocument => Command::new("node")
            .arg("--check")
            .arg(write("request.js"))
            .output(),
        CodeLanguage::Java => {
            // The public class names the file.
            let class = if code.contains("public class Invoke") {
                "Invoke"
            } else {
                "Request"
            };
            let file = write(&format!("{class}.java"));
            Command::new("javac")
                .args([
                    "-XDshould-stop.ifNoError=PARSE",
                    "-XDshould-stop.ifError=PARSE",
                    "-d",
                ])
                .arg(dir.join("classes"))
                .arg(file)
                .output()
        }
        CodeLanguage::Rust => Command::new("rustfmt")
            .args(["--edition", "2021", "--emit", "stdout"])
            .arg(write("main.rs"))
            .output(),
        CodeLanguage::AwsCli | CodeLanguage::Go => return Ok(()),
    }
    .expect("run the parser");
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

#[test]
fn every_form_of_every_request_parses() {
    let target = CodeTarget::new(Some("us-east-1"), Some("http://127.0.0.1:1"));
    let loaded = hostile("a", "1");
    let save = |edited| SaveRequest {
        table: "Orders".into(),
        loaded: Some(loaded.clone()),
        edited,
        key_schema: pk_sk_keys(),
        version_attribute: Some("version".into()),
    };
    let mut moved = loaded.clone();
    moved.insert("pk".into(), AttrValue::s(NASTY));
    let mut changed = loaded.clone();
    changed.insert("status".into(), AttrValue::s(NASTY));
    changed.remove("tags");
    let new = SaveRequest {
        loaded: None,
        ..save(loaded.clone())
    };
    let mut plain = loaded.clone();
    plain.remove("__proto__");
    let query = ItemsRequestSpec::scan("Orders", 10).build().expect("scan");
    let requests = [
        save_code(&new).expect("put"),
        save_code(&save(changed)).expect("update"),
        save_code(&save(moved)).expect("move"),
        save_code(&SaveRequest {
            edited: plain,
            ..new.clone()
        })
        .expect("document put"),
        delete_code("Orders", &loaded, &pk_sk_keys()),
        partiql_code(
            "SELECT * FROM \"Orders\" WHERE pk = ?",
            &[AttrValue::s(NASTY)],
        ),
        items_code(&query, Some((0, 4))),
    ];
    let dir = tempfile::tempdir().expect("temp dir");
    let mut i = 0;
    let mut failures = Vec::new();
    for language in CodeLanguage::ALL {
        let mut programs: Vec<String> = requests
            .iter()
            .map(|r| render(r, language, &target))
            .collect();
        for invocation_type in [InvocationType::RequestResponse, InvocationType::DryRun] {
            let input = InvokeInput {
                function: "orders \"api\"",
                qualifier: Some("live"),
                invocation_type,
                payload: "{\"msg\": \"it's ${x} \\u2028 ☂\\n\"}",
            };
            programs.push(invoke_code(&input, language, &target));
        }
        for code in programs {
            i += 1;
            if let Err(why) = parse(language, &code, dir.path(), i) {
                failures.push(format!("{language:?}: {why}\n{code}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
