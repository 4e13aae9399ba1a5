//! Grid benchmark: CPU time per frame of the item grid, and memory of loaded items.
//!
//! `cargo bench --bench grid` (release). `-- --items N` changes the item count;
//! `-- --smoke` runs tiny sizes (the test suite runs that so the benchmark cannot rot).
//!
//! Frame cost is the egui pass plus tessellation, measured as this thread's CPU time: what the
//! app pays on the UI thread per frame, before the GPU. Memory is counted by a wrapping global
//! allocator, so it is the exact heap the store holds, compared with the items' size as
//! compact DynamoDB JSON (what the wire carried).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Duration;

#[path = "../tests/support/cpu.rs"]
mod cpu;
use cpu::thread_cpu_time;
use stratus::dynamodb::model::attribute_json::JsonStyle;

use stratus::dynamodb::model::AttrValue;
use stratus::dynamodb::model::ItemStore;
use stratus::dynamodb::model::RawItem;
use stratus::dynamodb::model::attribute_json::item_to_json;
use stratus::dynamodb::ui::grid_view::GridView;
use stratus::dynamodb::ui::item_grid::Availability;
use stratus::dynamodb::ui::item_grid::grid_toolbar_ui;
use stratus::dynamodb::ui::item_grid::item_grid_ui;

struct CountingAllocator;

static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);

// SAFETY: forwards to the system allocator and only counts.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE_BYTES.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: same layout as asked.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: ptr came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE_BYTES.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        // SAFETY: forwarded unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// A wide item: 30 attributes of every common type, like a busy production table.
fn wide_item(i: usize) -> RawItem {
    let mut item: RawItem = vec![
        ("pk".into(), AttrValue::s(format!("USER#{:06}", i % 5_000))),
        ("sk".into(), AttrValue::N(i.to_string().into())),
        (
            "ledger".into(),
            AttrValue::N(format!("1234567890123456789012345678901234{:04}", i % 10_000).into()),
        ),
        ("active".into(), AttrValue::Bool(i.is_multiple_of(3))),
        (
            "tags".into(),
            AttrValue::Ss(vec!["a".into(), format!("t{}", i % 7).into()].into()),
        ),
        (
            "meta".into(),
            AttrValue::map(vec![(
                "v".into(),
                AttrValue::N((i % 100).to_string().into()),
            )]),
        ),
        (
            "blob".into(),
            AttrValue::B(vec![(i % 256) as u8, 0xFF, 0x00, 0x7F].into()),
        ),
    ];
    for a in 0..23_usize {
        let value = if a.is_multiple_of(2) {
            AttrValue::s(format!("value {a} of item {i}"))
        } else {
            AttrValue::N(format!("{}.{}", i * 31 + a, a).into())
        };
        item.push((format!("attr{a:02}").into(), value));
    }
    item
}

/// A small item, about 200 bytes as DynamoDB JSON.
fn small_item(i: usize) -> RawItem {
    vec![
        ("pk".into(), AttrValue::s(format!("ORDER#{i:08}"))),
        ("sk".into(), AttrValue::s("META")),
        (
            "customer".into(),
            AttrValue::s(format!("CUST#{:05}", i % 9_000)),
        ),
        (
            "total".into(),
            AttrValue::N(format!("{}.{:02}", i % 10_000, i % 100).into()),
        ),
        ("status".into(), AttrValue::s("SHIPPED")),
        (
            "created".into(),
            AttrValue::N((1_700_000_000 + i).to_string().into()),
        ),
        ("gift".into(), AttrValue::Bool(i.is_multiple_of(2))),
    ]
}

fn json_bytes(item: &RawItem) -> usize {
    item_to_json(
        item.iter().map(|(k, v)| (k.as_str(), v)),
        JsonStyle::DynamoDb,
        false,
    )
    .len()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

/// One frame of the grid (toolbar and rows), scrolled a bit; returns its CPU time.
fn frame(ctx: &egui::Context, store: &ItemStore, view: &mut GridView, frame: usize) -> Duration {
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0));
    let mut input = egui::RawInput {
        screen_rect: Some(screen),
        time: Some(frame as f64 / 60.0),
        ..Default::default()
    };
    input
        .events
        .push(egui::Event::PointerMoved(egui::pos2(640.0, 400.0)));
    input.events.push(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, -180.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
        modifiers: egui::Modifiers::default(),
    });
    let started = thread_cpu_time();
    let mut output = ctx.run_ui(input, |ui| {
        egui::CentralPanel::default_margins().show(ui, |ui| {
            grid_toolbar_ui(ui, store, 1, view, Availability::All);
            let _ = item_grid_ui(ui, store, 1, view);
        });
    });
    let shapes = std::mem::take(&mut output.shapes);
    let _meshes = ctx.tessellate(shapes, output.pixels_per_point);
    let spent = thread_cpu_time() - started;
    // Font atlas uploads are the renderer's (GPU) work, not measured here.
    output.drop_without_applying_deltas();
    spent
}

/// Runs `frames` frames of the grid, scrolling each frame, and returns each frame's CPU time.
fn frame_times(store: &ItemStore, view: &mut GridView, frames: usize) -> Vec<Duration> {
    let ctx = egui::Context::default();
    let mut times = Vec::with_capacity(frames);
    // Warm-up frames fill font and layout caches, as a running app has them.
    for n in 0..frames + 10 {
        let spent = frame(&ctx, store, view, n);
        if n >= 10 {
            times.push(spent);
        }
    }
    times.sort();
    times
}

/// Deletes `count` rows spread over the store as the app does when a batch delete finishes,
/// and draws one frame; returns the CPU time of each.
fn delete_rows(store: &mut ItemStore, view: &mut GridView, count: usize) -> (Duration, Duration) {
    use stratus::dynamodb::calls::deletes::BatchDeleteReport;
    use stratus::dynamodb::tab::item_writes::Deleting;
    use stratus::dynamodb::tab::item_writes::RowsAt;
    use stratus::dynamodb::tab::item_writes::WriteState;
    use stratus::dynamodb::tab::item_writes::stored_item;
    let keys = stratus::dynamodb::model::table_details::pk_sk_keys();
    let step = (store.len() / count.max(1)).max(1);
    let rows: Vec<u32> = (0..count).map(|i| (i * step) as u32).collect();
    let items: Vec<_> = rows
        .iter()
        .map(|r| stored_item(store, *r as usize))
        .collect();
    let mut writes = WriteState {
        deleting: Deleting {
            items: items.clone(),
            at: RowsAt {
                generation: 1,
                removals: store.removals().version(),
                rows,
            },
        },
        ..WriteState::default()
    };
    writes
        .delete
        .start(poll_promise::Promise::from_ready(Ok(BatchDeleteReport {
            deleted: items.len(),
            deleted_positions: (0..items.len()).collect(),
            deleted_images: items,
            failed: Vec::new(),
        })));
    let ctx = egui::Context::default();
    for n in 0..10 {
        frame(&ctx, store, view, n);
    }
    let before = store.len();
    let started = thread_cpu_time();
    writes.poll(store, 1, &keys);
    let apply = thread_cpu_time() - started;
    assert_eq!(store.len(), before - count, "the rows were removed");
    assert_eq!(view.rows().len(), before, "the view has not followed yet");
    let follow = frame(&ctx, store, view, 10);
    assert_eq!(
        view.rows().len(),
        before - count,
        "the view followed its rows"
    );
    (apply, follow)
}

fn report(name: &str, times: &[Duration]) {
    println!(
        "{name:<46} median {:>6.2} ms   p99 {:>6.2} ms",
        percentile(times, 0.5).as_secs_f64() * 1e3,
        percentile(times, 0.99).as_secs_f64() * 1e3
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let smoke = args.iter().any(|a| a == "--smoke");
    let items: usize = args
        .windows(2)
        .find(|w| w[0] == "--items")
        .and_then(|w| w[1].parse().ok())
        .unwrap_or(if smoke { 500 } else { 100_000 });
    let frames = if smoke { 5 } else { 300 };

    // Grid frame cost.
    let mut store = ItemStore::with_keys(&["pk", "sk"]);
    store.extend((0..items).map(wide_item));
    println!("grid: {items} items x 30 attributes, {frames} scrolling frames at 1280x800");
    let mut view = GridView::default();
    report(
        "scrolling, unsorted",
        &frame_times(&store, &mut view, frames),
    );
    let mut view = GridView::default();
    let ledger = store.column_id("ledger").expect("ledger column");
    view.sort_by(ledger, true);
    report(
        "scrolling, sorted by a 38-digit number column",
        &frame_times(&store, &mut view, frames),
    );
    let mut view = GridView::default();
    view.filter = "value 4 of".into();
    report(
        "scrolling, quick filter applied",
        &frame_times(&store, &mut view, frames),
    );
    // Deleting 1,000 selected rows of a sorted grid: the write's outcome applied to the store
    // (the app's own code) and the next frame following the rows, both on the UI thread.
    let (apply, follow) = delete_rows(&mut store, &mut view, 1_000.min(items / 2));
    println!(
        "delete {} rows of {items}: outcome applied {:.2} ms, next frame {:.2} ms",
        1_000.min(items / 2),
        apply.as_secs_f64() * 1e3,
        follow.as_secs_f64() * 1e3
    );
    drop(store);

    // Memory of small items against their raw JSON.
    let json_total: usize = (0..items).map(|i| json_bytes(&small_item(i))).sum();
    // Everything the store holds is allocated after this point, values included.
    let before = LIVE_BYTES.load(Ordering::Relaxed);
    let mut store = ItemStore::with_keys(&["pk", "sk"]);
    store.extend((0..items).map(small_item));
    let held = LIVE_BYTES.load(Ordering::Relaxed) - before;
    println!(
        "memory: {items} items, {:.1} bytes each as DynamoDB JSON; store holds {:.1} MB for {:.1} MB of JSON: {:.2}x",
        json_total as f64 / items as f64,
        held as f64 / 1e6,
        json_total as f64 / 1e6,
        held as f64 / json_total as f64
    );
    assert_eq!(store.len(), items);
}
