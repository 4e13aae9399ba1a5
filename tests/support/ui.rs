//! Driving the real app with egui_kittest, by accessible labels.

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stratus::AppOptions;
use stratus::StratusApp;
use stratus::connection::calls::AwsClients;
use stratus::connection::model::ConnectionSpec;
use stratus::dynamodb::calls::writes::get_item;
use stratus::dynamodb::model::AttrValue;
use stratus::dynamodb::model::item_edit::Item;

use super::fault::FaultEndpoint;
use super::{Emulator, runtime};

/// How long the UI may take to show something that needs an emulator round trip.
pub const UI_TIMEOUT: Duration = Duration::from_secs(60);

/// The whole app at 1280×800 on its own runtime, as `main` builds it.
pub fn app_harness(
    runtime: &tokio::runtime::Runtime,
    connection: ConnectionSpec,
    config_dir: &std::path::Path,
) -> Harness<'static, StratusApp> {
    app_harness_sized(runtime, connection, config_dir, egui::vec2(1280.0, 800.0))
}

/// The whole app in a window of `size` (a small laptop's 1024×640, say).
pub fn app_harness_sized(
    runtime: &tokio::runtime::Runtime,
    connection: ConnectionSpec,
    config_dir: &std::path::Path,
    size: egui::Vec2,
) -> Harness<'static, StratusApp> {
    let handle = runtime.handle().clone();
    let options = AppOptions {
        connection,
        config_dir: Some(config_dir.to_owned()),
        startup_report: None,
        code_folders: Vec::new(),
    };
    Harness::builder()
        .with_size(size)
        // Real frame times: with kittest's default of 4 frames a second, a tooltip would open
        // between the two clicks of a double-click.
        .with_step_dt(1.0 / 30.0)
        // Item data holds CJK and Arabic text; test machines lack those fonts, and whether a
        // glyph exists is a font question, not the app's logic.
        .allow_missing_glyphs()
        .build_eframe(move |cc| StratusApp::new(&cc.egui_ctx, handle, options))
}

/// Steps the app until `found` holds, sleeping between frames so background calls finish.
pub fn wait_until(
    harness: &mut Harness<'_, StratusApp>,
    what: &str,
    found: impl Fn(&Harness<'_, StratusApp>) -> bool,
) {
    let deadline = Instant::now() + UI_TIMEOUT;
    while Instant::now() < deadline {
        harness.step();
        if found(harness) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!(
        "timed out after {UI_TIMEOUT:?} waiting for {what}; the window shows: {}",
        shown_labels(harness)
    );
}

/// Every label on screen, for a timeout's message: what the user would have seen instead.
fn shown_labels(harness: &Harness<'_, StratusApp>) -> String {
    use egui_kittest::kittest::NodeT as _;
    let labels: Vec<String> = harness
        .query_all_by_label_contains("")
        .filter_map(|node| node.accesskit_node().label())
        .filter(|label| !label.is_empty())
        .take(200)
        .collect();
    labels.join(" | ")
}

/// Clicks like a person: waits for the widget to show (a new window takes a frame to lay
/// out), then rests the pointer on it for a frame before pressing.
///
/// A list that arrives moves what is below it; a click aimed at where a widget was a frame ago
/// would land on its neighbour. So the pointer goes only to a widget that has stayed put for a
/// few frames (or, for one that keeps moving, such as a button beside a progress count, at most
/// half a second).
pub fn click(harness: &mut Harness<'_, StratusApp>, label: &str) {
    const STILL_FRAMES: usize = 3;
    wait_until(harness, label, |h| has_label(h, label));
    let deadline = Instant::now() + Duration::from_millis(500);
    let mut still = 0;
    let mut last = harness.get_by_label(label).rect();
    while still < STILL_FRAMES && Instant::now() < deadline {
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
        wait_until(harness, label, |h| has_label(h, label));
        let now = harness.get_by_label(label).rect();
        still = if now == last { still + 1 } else { 0 };
        last = now;
    }
    harness.get_by_label(label).hover();
    harness.step();
    harness.get_by_label(label).click();
    harness.step();
}

/// Replaces the text of the field named `label`.
pub fn type_into(harness: &mut Harness<'_, StratusApp>, label: &str, text: &str) {
    click(harness, label);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.step();
    harness.get_by_label(label).type_text(text);
    harness.step();
}

/// Whether at least one widget has exactly this label.
pub fn has_label(harness: &Harness<'_, StratusApp>, label: &str) -> bool {
    harness.query_all_by_label(label).next().is_some()
}

/// Whether at least one widget's label contains `part`.
pub fn has_label_containing(harness: &Harness<'_, StratusApp>, part: &str) -> bool {
    harness.query_all_by_label_contains(part).next().is_some()
}

/// Whether the widget named `label`, shown now, is disabled.
pub fn is_disabled(harness: &Harness<'_, StratusApp>, label: &str) -> bool {
    use egui_kittest::kittest::NodeT as _;
    harness.get_by_label(label).accesskit_node().is_disabled()
}

/// Whether the widget is enabled, once it is shown (a toolbar may wait for the table's schema).
pub fn is_enabled(harness: &mut Harness<'_, StratusApp>, label: &str) -> bool {
    use egui_kittest::kittest::NodeT as _;
    wait_until(harness, label, |h| has_label(h, label));
    !harness.get_by_label(label).accesskit_node().is_disabled()
}

/// What a test keeps alive while it drives the app on moto's demo data, in the order they must
/// be dropped (the harness first).
pub struct Opened<Fault = ()> {
    pub harness: Harness<'static, StratusApp>,
    pub runtime: tokio::runtime::Runtime,
    /// Straight to moto, past any fault endpoint: reads what the table really holds.
    pub clients: AwsClients,
    pub config: tempfile::TempDir,
    /// The fault endpoint the app reaches moto through; `()` when it talks to moto directly.
    pub fault: Fault,
    pub moto: Emulator,
    /// How many orders moto was seeded with.
    orders: usize,
}

impl Opened {
    /// The app on moto seeded with `orders` demo orders, talking to moto directly.
    pub fn direct(orders: usize) -> Self {
        Self::start(orders, |moto| ((), moto.connection()))
    }

    /// The same on a read-only connection (the test's own `clients` can still write).
    pub fn read_only(orders: usize) -> Self {
        Self::start(orders, |moto| {
            let connection = ConnectionSpec {
                read_only: true,
                ..moto.connection()
            };
            ((), connection)
        })
    }
}

impl Opened<FaultEndpoint> {
    /// The app on moto seeded with `orders` demo orders, through a fault endpoint whose rules
    /// `rules` sets before the app's first call.
    pub fn through_faults(orders: usize, rules: impl FnOnce(&FaultEndpoint)) -> Self {
        Self::start(orders, |moto| {
            let fault = FaultEndpoint::start(&moto.endpoint);
            rules(&fault);
            let connection = fault.connection();
            (fault, connection)
        })
    }
}

impl<Fault> Opened<Fault> {
    /// Seeds moto, puts `front` between it and the app (it returns what to keep and the
    /// connection the app uses), and starts the app.
    fn start(orders: usize, front: impl FnOnce(&Emulator) -> (Fault, ConnectionSpec)) -> Self {
        let moto = Emulator::moto();
        moto.seed_demo(orders);
        let (fault, connection) = front(&moto);
        let runtime = runtime();
        let clients = runtime.block_on(AwsClients::connect(moto.connection()));
        let config = tempfile::tempdir().expect("config dir");
        let harness = app_harness(&runtime, connection, config.path());
        Self {
            harness,
            runtime,
            clients,
            config,
            fault,
            moto,
            orders,
        }
    }

    /// Opens the Orders table and waits for its first page and the edit buttons (which wait
    /// for the table's key schema).
    pub fn with_orders_open(mut self) -> Self {
        let harness = &mut self.harness;
        open_table(harness, "Orders");
        let first_page = format!("{} items loaded", self.orders.min(100));
        wait_until(harness, "the first page", |h| {
            has_label_containing(h, &first_page)
        });
        wait_until(harness, "the edit buttons", |h| has_label(h, "New item"));
        self
    }
}

/// The app on moto seeded with `orders` demo orders, Orders open on its first page.
pub fn open_orders(orders: usize) -> Opened {
    Opened::direct(orders).with_orders_open()
}

/// Opens the table `name` from the navigator, once the navigator lists it.
pub fn open_table(harness: &mut Harness<'_, StratusApp>, name: &str) {
    wait_until(harness, &format!("the {name} table"), |h| {
        has_label(h, name)
    });
    click(harness, name);
}

/// The key of a demo order.
pub fn order_key(customer: &str, order: &str) -> Item {
    [
        ("customerId".to_owned(), AttrValue::s(customer)),
        ("orderId".to_owned(), AttrValue::s(order)),
    ]
    .into_iter()
    .collect()
}

/// The order as the table holds it now, read past the app (and any fault endpoint).
pub fn stored_order<Fault>(opened: &Opened<Fault>, customer: &str, order: &str) -> Option<Item> {
    opened
        .runtime
        .block_on(get_item(
            &opened.clients,
            "Orders",
            &order_key(customer, order),
        ))
        .expect("get")
}

/// The text of the item editor's DynamoDB JSON face.
pub fn json_face_text(harness: &Harness<'_, StratusApp>) -> String {
    harness
        .get_by_label("Item DynamoDB JSON")
        .value()
        .unwrap_or_default()
}

/// Selects the row showing `cell`, opens the item editor on its JSON face and returns the JSON.
pub fn open_json_face(harness: &mut Harness<'_, StratusApp>, cell: &str) -> String {
    click(harness, cell);
    click(harness, "Edit item");
    click(harness, "Edit as DynamoDB JSON");
    wait_until(harness, "the JSON face", |h| {
        has_label(h, "Item DynamoDB JSON")
    });
    json_face_text(harness)
}

/// Replaces the JSON face's text with `json`, reviews and confirms the save.
pub fn save_json_face(harness: &mut Harness<'_, StratusApp>, json: &str) {
    type_into(harness, "Item DynamoDB JSON", json);
    click(harness, "Review changes");
    click(harness, "Confirm save");
}

/// A demo order's DynamoDB JSON with a `giftNote` string attribute added before `gift`.
pub fn with_gift_note(json: &str, note: &str) -> String {
    json.replacen(
        "\"gift\": {\"BOOL\": ",
        &format!("\"giftNote\": {{\"S\": \"{note}\"}}, \"gift\": {{\"BOOL\": "),
        1,
    )
}

/// Opens the in-place editor on the cell showing `cell` (from its context menu, the keyboard-
/// and screen-reader-friendly way in) and types `text`, leaving the edit open.
pub fn edit_in_place(harness: &mut Harness<'_, StratusApp>, cell: &str, text: &str) {
    harness.get_by_label(cell).hover();
    harness.step();
    harness.get_by_label(cell).click_secondary();
    harness.step();
    click(harness, "Edit in place");
    wait_until(harness, "the cell editor", |h| {
        has_label(h, "Edit cell value")
    });
    type_into(harness, "Edit cell value", text);
}

/// Opens the command palette (Ctrl/Cmd+K) and types `query` into its search.
pub fn search_palette(harness: &mut Harness<'_, StratusApp>, query: &str) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    wait_until(harness, "the palette", |h| {
        has_label(h, "Command palette search")
    });
    harness
        .get_by_label("Command palette search")
        .type_text(query);
    harness.step();
}

/// Adds a connection to the emulator at `endpoint` through the connection bar (a custom URL
/// preset); its keys come from the environment.
pub fn add_endpoint_connection(harness: &mut Harness<'_, StratusApp>, endpoint: &str) {
    click(harness, "Add connection");
    wait_until(harness, "the new connection", |h| {
        has_label(h, "Remove this connection")
    });
    click(harness, "Endpoint preset");
    wait_until(harness, "the endpoint presets", |h| {
        has_label(h, "Custom URL")
    });
    click(harness, "Custom URL");
    type_into(harness, "Endpoint URL", endpoint);
    click(harness, "Connect to endpoint");
}

/// Runs a query from the form: `partition_key` as the partition key value, returning only
/// `attributes` (a comma-separated projection).
pub fn run_query(harness: &mut Harness<'_, StratusApp>, partition_key: &str, attributes: &str) {
    click(harness, "Query");
    wait_until(harness, "the partition key field", |h| {
        has_label(h, "Partition key value")
    });
    type_into(harness, "Partition key value", partition_key);
    type_into(harness, "Attributes to return", attributes);
    click(harness, "Run query");
}
