//! Schema benchmark: inference over loaded items, off the UI thread, as the Schema tab runs it.
//!
//! `cargo bench --bench schema` (release, 100,000 items). `-- --items N` changes the count;
//! `-- --smoke` runs a tiny size (the test suite runs that so the benchmark cannot rot).
//!
//! The items are a single-table mix: users (strings, a string set, a map, binary, an
//! enumeration) and orders (a key template with a date, a 38-digit number, a list of maps,
//! booleans, nulls, a sparse number set). What the UI thread pays is the snapshot of the store
//! handed to the worker (it shares the items: a pointer each); the inference itself runs on
//! another thread, timed from the snapshot to the result.

use std::time::{Duration, Instant};

use stratus::dynamodb::model::schema::{Discriminator, infer_store};
use stratus::dynamodb::model::{AttrValue, ItemStore, RawItem};

/// The budget for inference over 100,000 items.
const BUDGET: Duration = Duration::from_secs(1);

fn s(text: String) -> AttrValue {
    AttrValue::S(text.into())
}

fn n(text: String) -> AttrValue {
    AttrValue::N(text.into())
}

fn user(i: usize) -> RawItem {
    vec![
        ("pk".into(), s(format!("USER#{i}"))),
        ("sk".into(), s("PROFILE".into())),
        ("type".into(), s("User".into())),
        ("name".into(), s(format!("User number {i}"))),
        ("email".into(), s(format!("user{i}@example.com"))),
        ("tier".into(), s(["gold", "silver", "bronze"][i % 3].into())),
        (
            "tags".into(),
            AttrValue::Ss(vec!["a".into(), format!("t{}", i % 50).into()].into()),
        ),
        (
            "avatar".into(),
            AttrValue::B(vec![(i % 256) as u8; 16].into()),
        ),
        (
            "address".into(),
            AttrValue::map(vec![
                ("city".into(), s(["Paris", "Lyon", "Nantes"][i % 3].into())),
                ("zip".into(), s(format!("{:05}", i % 99_999))),
                ("line1".into(), s(format!("{i} rue de la Paix"))),
            ]),
        ),
        (
            "createdAt".into(),
            s(format!(
                "2024-{:02}-{:02}T10:00:00Z",
                i % 12 + 1,
                i % 28 + 1
            )),
        ),
    ]
}

fn order(i: usize) -> RawItem {
    let lines: Vec<AttrValue> = (0..(i % 4 + 1))
        .map(|l| {
            AttrValue::map(vec![
                ("sku".into(), s(format!("SKU-{}", (i + l) % 500))),
                ("qty".into(), n(format!("{}", l + 1))),
                (
                    "price".into(),
                    n(format!("{}.{:02}", i % 90 + 10, l * 7 % 100)),
                ),
            ])
        })
        .collect();
    let mut item: RawItem = vec![
        ("pk".into(), s(format!("USER#{}", i / 3))),
        (
            "sk".into(),
            s(format!(
                "ORDER#2024-{:02}-{:02}#{i}",
                i % 12 + 1,
                i % 28 + 1
            )),
        ),
        ("type".into(), s("Order".into())),
        (
            "total".into(),
            n(format!(
                "1234567890123456789012345678901234{:04}",
                i % 10_000
            )),
        ),
        ("paid".into(), AttrValue::Bool(i.is_multiple_of(2))),
        (
            "note".into(),
            if i.is_multiple_of(5) {
                AttrValue::Null
            } else {
                s(format!("note {i}"))
            },
        ),
        ("lines".into(), AttrValue::L(lines.into())),
        (
            "status".into(),
            s(["open", "shipped", "delivered", "returned"][i % 4].into()),
        ),
    ];
    if i.is_multiple_of(7) {
        item.push((
            "coupons".into(),
            AttrValue::Ns(vec!["5".into(), "10".into()].into()),
        ));
    }
    item
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let smoke = args.iter().any(|a| a == "--smoke");
    let items: usize = args
        .windows(2)
        .find(|w| w[0] == "--items")
        .and_then(|w| w[1].parse().ok())
        .unwrap_or(if smoke { 500 } else { 100_000 });
    let mut store = ItemStore::with_keys(&["pk", "sk"]);
    store.extend((0..items).map(|i| {
        if i.is_multiple_of(3) {
            user(i)
        } else {
            order(i)
        }
    }));
    println!("schema: {items} items (a third users, two thirds orders)");

    for (label, discriminator) in [
        ("whole table", None),
        (
            "and by entity (type)",
            Some(Discriminator::Attribute("type".into())),
        ),
    ] {
        let started = Instant::now();
        // The UI thread's part: a snapshot of the store for the worker, sharing its items.
        let copy = store.clone();
        let copied = started.elapsed();
        let worker = std::thread::spawn(move || {
            let schema = infer_store(&copy, &["pk", "sk"], discriminator.as_ref());
            (schema, copy)
        });
        let Ok((schema, copy)) = worker.join() else {
            panic!("the inference thread panicked");
        };
        let total = started.elapsed();
        // Freed after the clock stops, as the app frees it with the result.
        drop(copy);
        println!(
            "  {label}: {:.0} ms in all ({:.1} ms on the UI thread for the snapshot), {} paths, {} entities{}",
            total.as_secs_f64() * 1e3,
            copied.as_secs_f64() * 1e3,
            schema.overall.attributes.len(),
            schema.entities.as_ref().map_or(0, |(_, e)| e.len()),
            if !smoke && total > BUDGET {
                " · OVER the 1 s budget"
            } else {
                ""
            }
        );
        assert!(schema.overall.items as usize == items);
    }
}
