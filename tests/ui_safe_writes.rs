//! The app's write paths driven by label: editing a projected row reads the whole item first
//! and saves only the change; an inline edit stays on its item when rows move under it; a
//! failed write after a successful one is never shown as done.

use crate::support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stratus::StratusApp;
use stratus::app::Command;
use stratus::app::tab::TabContent;
use stratus::dynamodb::model::AttrValue;
use stratus::dynamodb::model::item_edit::Item;
use stratus::dynamodb::tab::TableCommand;
use stratus::dynamodb::tab::item_writes::RowsAt;
use support::ui::{
    click, edit_in_place, has_label, has_label_containing, open_json_face, open_orders, run_query,
    save_json_face, stored_order, type_into, wait_until, with_gift_note,
};

#[test]
fn editing_a_projected_row_reads_the_whole_item_and_keeps_every_attribute() {
    let mut opened = open_orders(3);
    let before = stored_order(&opened, "CUST#0001", "ORDER#000001").expect("seeded");
    let harness = &mut opened.harness;
    run_query(harness, "CUST#0001", "customerId, orderId, status");
    wait_until(harness, "the projected row", |h| {
        has_label_containing(h, "1 item loaded")
    });
    assert!(
        !has_label(harness, "Zürich"),
        "the grid holds only the projection"
    );
    let json = open_json_face(harness, "CUST#0001");
    assert!(
        json.contains("Zürich") && json.contains("ledgerAmount"),
        "the editor opened on the whole item, read first: {json}"
    );
    let status = match before.get("status") {
        Some(AttrValue::S(s)) => s.to_string(),
        other => panic!("status {other:?}"),
    };
    let edited = json.replacen(
        &format!("\"status\": {{\"S\": \"{status}\"}}"),
        "\"status\": {\"S\": \"RETURNED\"}",
        1,
    );
    assert_ne!(edited, json, "the status is in the JSON");
    type_into(harness, "Item DynamoDB JSON", &edited);
    click(harness, "Review changes");
    wait_until(harness, "the review", |h| has_label(h, "1 change(s)"));
    assert!(has_label_containing(harness, "UpdateItem"));
    click(harness, "Confirm save");
    wait_until(harness, "the history", |h| {
        has_label_containing(h, "Changes this session (1)")
    });
    assert!(has_label(harness, "RETURNED"), "the grid shows the change");
    assert!(
        !has_label(harness, "Zürich"),
        "the row stays a projection in the grid"
    );
    let after = stored_order(&opened, "CUST#0001", "ORDER#000001").expect("kept");
    let mut expected = before.clone();
    expected.insert("status".into(), AttrValue::s("RETURNED"));
    assert_eq!(after, expected, "only the status changed in the table");
}

#[test]
fn an_inline_edit_stays_on_its_item_when_rows_move_and_is_cancelled_when_its_item_goes() {
    let mut opened = open_orders(4);
    let before_other = stored_order(&opened, "CUST#0003", "ORDER#000003").expect("seeded");
    let harness = &mut opened.harness;
    // Open the in-place editor on ORDER#000003's sort key cell (a save then moves the item).
    edit_in_place(harness, "ORDER#000003", "ORDER#000003-moved");

    // Meanwhile the rows before it are deleted: rows shift under the open edit.
    let (rows, items) = {
        let state = harness.state().state();
        let TabContent::Table(table) = &state.tabs[0].content else {
            panic!("the table tab");
        };
        let store = &table.items.store;
        let rows: Vec<u32> = (0..store.len() as u32)
            .filter(|i| {
                let item = stratus::dynamodb::tab::item_writes::stored_item(store, *i as usize);
                matches!(item.get("orderId"), Some(AttrValue::S(s)) if &**s < "ORDER#000003")
            })
            .collect();
        let items: Vec<Item> = rows
            .iter()
            .map(|i| stratus::dynamodb::tab::item_writes::stored_item(store, *i as usize))
            .collect();
        (rows, items)
    };
    assert!(!rows.is_empty());
    let at = {
        let state = harness.state().state();
        let TabContent::Table(table) = &state.tabs[0].content else {
            panic!("the table tab");
        };
        RowsAt {
            generation: table.items.generation,
            removals: table.items.store.removals().version(),
            rows: rows.clone(),
        }
    };
    let tab = first_tab(harness);
    harness.state_mut().send(Command::Table {
        tab,
        cmd: TableCommand::DeleteItems { items, at },
    });
    wait_until(harness, "the delete", |h| {
        has_label_containing(h, &format!("Deleted {} item", rows.len()))
    });
    assert!(
        has_label(harness, "Edit cell value"),
        "the edit is still open"
    );
    harness.get_by_label("Edit cell value").focus();
    harness.step();
    harness.key_press(egui::Key::Enter);
    wait_until(harness, "the inline save", |h| {
        has_label(h, "ORDER#000003-moved")
    });
    assert!(
        stored_order(&opened, "CUST#0003", "ORDER#000003").is_none(),
        "the edited item moved"
    );
    let moved = stored_order(&opened, "CUST#0003", "ORDER#000003-moved").expect("moved");
    let mut expected = before_other;
    expected.insert("orderId".into(), AttrValue::s("ORDER#000003-moved"));
    assert_eq!(moved, expected, "the edit landed on its own item, whole");

    // An edit whose item is deleted under it is cancelled, with a message; nothing is sent.
    let harness = &mut opened.harness;
    edit_in_place(harness, "ORDER#000003-moved", "never saved");
    let (items, at) = {
        let state = harness.state().state();
        let TabContent::Table(table) = &state.tabs[0].content else {
            panic!("the table tab");
        };
        let store = &table.items.store;
        (
            vec![stratus::dynamodb::tab::item_writes::stored_item(store, 0)],
            RowsAt {
                generation: table.items.generation,
                removals: store.removals().version(),
                rows: vec![0],
            },
        )
    };
    assert_eq!(store_len(harness), 1);
    let tab = first_tab(harness);
    harness.state_mut().send(Command::Table {
        tab,
        cmd: TableCommand::DeleteItems { items, at },
    });
    wait_until(harness, "the notice", |h| {
        has_label_containing(h, "The item you were editing in place was deleted")
    });
    assert!(!has_label(harness, "Edit cell value"));
    assert_eq!(store_len(harness), 0);
    assert!(
        stored_order(&opened, "CUST#0003", "never saved").is_none()
            && stored_order(&opened, "CUST#0003", "ORDER#000003-moved").is_none(),
        "deleted, and the cancelled edit sent nothing"
    );
}

fn store_len(harness: &Harness<'static, StratusApp>) -> usize {
    let state = harness.state().state();
    let TabContent::Table(table) = &state.tabs[0].content else {
        panic!("the table tab");
    };
    table.items.store.len()
}

#[test]
fn a_failed_revert_after_a_successful_one_is_not_shown_as_reverted() {
    let mut opened = open_orders(3);
    let harness = &mut opened.harness;
    // Two edits in place of the status cell of two items.
    for (n, order) in ["ORDER#000001", "ORDER#000002"].into_iter().enumerate() {
        let json = open_json_face(harness, order);
        save_json_face(harness, &with_gift_note(&json, "hi"));
        let saved = format!("Changes this session ({})", n + 1);
        wait_until(harness, "the save", |h| has_label_containing(h, &saved));
    }
    wait_until(harness, "two changes", |h| {
        has_label_containing(h, "Changes this session (2)")
    });
    click(harness, "Changes this session (2)");
    click(harness, "Revert change 2");
    wait_until(harness, "the first revert", |h| has_label(h, "reverted"));
    assert!(
        !stored_order(&opened, "CUST#0002", "ORDER#000002")
            .expect("item")
            .contains_key("giftNote"),
        "the first revert removed the added attribute"
    );
    // The table goes away (another client deletes it): the next revert fails, and says so.
    opened
        .runtime
        .block_on(
            opened
                .clients
                .dynamodb
                .delete_table()
                .table_name("Orders")
                .send(),
        )
        .expect("their delete");
    let harness = &mut opened.harness;
    click(harness, "Revert change 1");
    wait_until(harness, "the error", |h| {
        has_label_containing(h, "ResourceNotFound") || has_label_containing(h, "not found")
    });
    let reverted_labels = harness.query_all_by_label("reverted").count();
    assert_eq!(
        reverted_labels, 1,
        "only the revert that happened is marked reverted"
    );
    assert!(
        has_label(harness, "Revert change 1"),
        "it can be tried again"
    );
}

#[test]
fn the_write_history_survives_a_read_only_switch() {
    let mut opened = open_orders(3);
    let harness = &mut opened.harness;
    let json = open_json_face(harness, "ORDER#000001");
    save_json_face(harness, &with_gift_note(&json, "kept"));
    wait_until(harness, "the save", |h| {
        has_label_containing(h, "Changes this session (1)")
    });
    click(harness, "Read-only");
    wait_until(harness, "the reloaded tab", |h| {
        has_label_containing(h, "3 items loaded") && has_label(h, "New item")
    });
    assert!(
        !support::ui::is_enabled(harness, "New item"),
        "read-only now"
    );
    assert!(
        has_label_containing(harness, "Changes this session (1)"),
        "the history of this session's writes is kept"
    );
}

/// The id of the first open tab.
fn first_tab(harness: &Harness<'static, StratusApp>) -> stratus::shared::model::TabId {
    harness.state().state().tabs[0].id
}

/// Reloads the Orders grid with a scan (as an import's reload does); `skip` leaves one order
/// out of the new result set.
fn reload_orders(harness: &mut Harness<'static, StratusApp>, skip: Option<&str>) {
    use stratus::dynamodb::calls::items::LoadMode;
    use stratus::dynamodb::model::expression::ItemsRequest;
    let mut request = ItemsRequest::scan("Orders", Some(100));
    if let Some(order) = skip {
        request.filter = Some("#o <> :o".to_owned());
        request.names = vec![("#o".to_owned(), "orderId".to_owned())];
        request.values = vec![(":o".to_owned(), AttrValue::s(order))];
    }
    let tab = first_tab(harness);
    harness.state_mut().send(Command::Table {
        tab,
        cmd: TableCommand::RunItems {
            request,
            mode: LoadMode::OnePage,
        },
    });
}

#[test]
fn an_inline_edit_finds_its_item_again_after_a_reload_or_says_it_is_gone() {
    let mut opened = open_orders(3);
    let harness = &mut opened.harness;
    edit_in_place(harness, "ORDER#000002", "ORDER#000002-after-reload");
    reload_orders(harness, None);
    wait_until(harness, "the reload and the edit back on its item", |h| {
        has_label_containing(h, "3 items loaded") && has_label(h, "Edit cell value")
    });
    assert_eq!(
        harness.get_by_label("Edit cell value").value().as_deref(),
        Some("ORDER#000002-after-reload"),
        "the typed text stays"
    );
    harness.get_by_label("Edit cell value").focus();
    harness.step();
    harness.key_press(egui::Key::Enter);
    wait_until(harness, "the save", |h| {
        has_label(h, "ORDER#000002-after-reload")
    });
    assert!(stored_order(&opened, "CUST#0002", "ORDER#000002").is_none());
    assert!(stored_order(&opened, "CUST#0002", "ORDER#000002-after-reload").is_some());

    // A reload whose result set no longer holds the item: the edit is cancelled and says so.
    let harness = &mut opened.harness;
    edit_in_place(harness, "ORDER#000001", "never saved");
    reload_orders(harness, Some("ORDER#000001"));
    wait_until(harness, "the notice", |h| {
        has_label_containing(h, "is not in the reloaded grid")
    });
    assert!(!has_label(harness, "Edit cell value"));
    assert!(stored_order(&opened, "CUST#0001", "never saved").is_none());
    assert!(stored_order(&opened, "CUST#0001", "ORDER#000001").is_some());
}
