//! The one way a view draws a list: its error with Retry, a note when it is empty, or a striped
//! grid with weak column headings.

use std::hash::Hash;

use egui::RichText;

use crate::shared::model::ServiceError;
use crate::shared::widgets::error_ui;

/// A part of a resource the identity may not read (or the server would not give): its own
/// error and Retry, in its own section, while the other sections show as usual.
pub fn part_error_ui<C>(ui: &mut egui::Ui, error: &ServiceError, retry: C, commands: &mut Vec<C>) {
    error_ui(ui, error, retry, commands);
}

/// The weak line shown instead of an empty list.
pub fn empty_note_ui(ui: &mut egui::Ui, text: &str) {
    ui.label(RichText::new(text).weak());
}

/// A striped grid, built once and drawn from a list, a part that may have failed, or rows the
/// caller adds itself.
pub struct StripedTable<'a> {
    grid: egui::Grid,
    headings: &'a [&'a str],
    empty: Option<&'a str>,
}

impl<'a> StripedTable<'a> {
    /// A striped grid named `id_salt`.
    pub fn new(id_salt: impl Hash + std::fmt::Debug) -> Self {
        Self {
            grid: egui::Grid::new(id_salt).striped(true),
            headings: &[],
            empty: None,
        }
    }

    /// The weak note shown instead of the grid when there are no rows.
    pub fn when_empty(mut self, note: &'a str) -> Self {
        self.empty = Some(note);
        self
    }

    /// A first row of weak headings; their count is the grid's column count.
    pub fn headings(mut self, headings: &'a [&'a str]) -> Self {
        self.grid = self.grid.num_columns(headings.len());
        self.headings = headings;
        self
    }

    /// The column count of a grid without headings (the last column takes the spare width).
    pub fn columns(mut self, columns: usize) -> Self {
        self.grid = self.grid.num_columns(columns);
        self
    }

    /// The grid with the rows `body` adds (each ending in `end_row`), empty or not.
    pub fn show(self, ui: &mut egui::Ui, body: impl FnOnce(&mut egui::Ui)) {
        let headings = self.headings;
        self.grid.show(ui, |ui| {
            if !headings.is_empty() {
                for heading in headings {
                    ui.label(RichText::new(*heading).weak());
                }
                ui.end_row();
            }
            body(ui);
        });
    }

    /// One grid row per item, drawn by `row`; the empty note (if any) when there are none.
    pub fn rows_ui<T>(self, ui: &mut egui::Ui, rows: &[T], mut row: impl FnMut(&mut egui::Ui, &T)) {
        if rows.is_empty() {
            if let Some(note) = self.empty {
                empty_note_ui(ui, note);
            }
            return;
        }
        self.show(ui, |ui| {
            for item in rows {
                row(ui, item);
                ui.end_row();
            }
        });
    }

    /// A list read by its own call: its error with `retry`, or its rows as [`Self::rows_ui`].
    pub fn part_ui<T, C>(
        self,
        ui: &mut egui::Ui,
        part: &Result<Vec<T>, ServiceError>,
        retry: C,
        commands: &mut Vec<C>,
        mut row: impl FnMut(&mut egui::Ui, &T, &mut Vec<C>),
    ) {
        match part {
            Ok(rows) => self.rows_ui(ui, rows, |ui, item| row(ui, item, commands)),
            Err(error) => part_error_ui(ui, error, retry, commands),
        }
    }
}
