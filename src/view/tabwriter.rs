//! Go's `text/tabwriter` (the elastic-tabstops filter every kubectl table
//! goes through), in the fork kubectl vendors, `github.com/liggitt/tabwriter`,
//! which adds `RememberWidths`.
//!
//! A cell is text terminated by `'\t'`; the text after a line's last tab is
//! not part of any column. Tab-terminated cells in *consecutive* lines form
//! a column block, and every cell of a block is padded to the block's widest
//! cell plus `padding` (at least `minwidth`). A line with fewer cells ends
//! the blocks of the columns it lacks: that is why `kubectl describe` aligns
//! `Container ID:` with `Image:` but starts afresh after `Command:`.
//!
//! kubectl always pads with spaces, so Go's `tabwidth` (only used when
//! padding with `'\t'`) and the HTML/escape modes are not modelled.

/// A tabwriter with kubectl's settings. Text is buffered by [`write`] and
/// aligned by [`flush`].
///
/// [`write`]: TabWriter::write
/// [`flush`]: TabWriter::flush
#[derive(Debug, Clone)]
pub struct TabWriter {
    minwidth: usize,
    padding: usize,
    /// `RememberWidths`: columns never shrink across flushes (and across
    /// blocks), which keeps `kubectl get -w` rows aligned with earlier ones.
    remember_widths: bool,
    max_widths: Vec<usize>,
    buf: String,
}

impl TabWriter {
    /// `kubectl describe`'s `tabbedString`: `tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)`.
    pub fn describe() -> TabWriter {
        TabWriter { minwidth: 0, padding: 2, remember_widths: false, max_widths: vec![], buf: String::new() }
    }

    /// `kubectl get`'s `printers.GetNewTabWriter`: minwidth 6, tabwidth 4,
    /// padding 3, `RememberWidths`.
    pub fn get() -> TabWriter {
        TabWriter { minwidth: 6, padding: 3, remember_widths: true, max_widths: vec![], buf: String::new() }
    }

    pub fn write(&mut self, text: &str) {
        self.buf.push_str(text);
    }

    /// Aligns everything written since the last flush (Go's `Flush`).
    pub fn flush(&mut self) -> String {
        let text = std::mem::take(&mut self.buf);
        let mut lines: Vec<Vec<&str>> = text.split('\n').map(|line| line.split('\t').collect()).collect();
        // After a final newline Go holds an empty line with no cells.
        if let Some(last) = lines.last_mut()
            && last == &[""]
        {
            last.clear();
        }
        let mut out = String::with_capacity(text.len() * 2);
        let mut widths = Vec::new();
        self.format(&lines, 0, lines.len(), &mut widths, &mut out);
        out
    }

    /// Go's `format`: finds the blocks of column `widths.len()` within
    /// `lines[line0..line1]`, fixes each block's width and recurses into the
    /// next column; lines outside any block are written as they are.
    fn format(
        &mut self,
        lines: &[Vec<&str>],
        mut line0: usize,
        line1: usize,
        widths: &mut Vec<usize>,
        out: &mut String,
    ) {
        let column = widths.len();
        let mut this = line0;
        while this < line1 {
            if !has_cell(&lines[this], column) {
                this += 1;
                continue;
            }
            write_lines(lines, line0, this, widths, out);
            line0 = this;
            let mut width = self.minwidth;
            while this < line1 && has_cell(&lines[this], column) {
                width = width.max(cell_width(lines[this][column]) + self.padding);
                this += 1;
            }
            if self.remember_widths {
                width = self.remembered(widths, width);
            }
            widths.push(width);
            self.format(lines, line0, this, widths, out);
            widths.pop();
            line0 = this;
            // Go's loop increments past the line that ended the block.
            this += 1;
        }
        write_lines(lines, line0, line1, widths, out);
    }

    /// The liggitt/tabwriter `RememberWidths` step for column `widths.len()`.
    fn remembered(&mut self, widths: &[usize], width: usize) -> usize {
        let column = widths.len();
        if self.max_widths.len() < column {
            self.max_widths.extend_from_slice(&widths[self.max_widths.len()..]);
        }
        if self.max_widths.len() == column {
            self.max_widths.push(width);
            return width;
        }
        let max = &mut self.max_widths[column];
        *max = (*max).max(width);
        *max
    }
}

/// Whether `line` has a tab-terminated cell in `column` (its last cell never is).
fn has_cell(line: &[&str], column: usize) -> bool {
    column + 1 < line.len()
}

/// Go counts runes, not bytes or display columns.
fn cell_width(cell: &str) -> usize {
    cell.chars().count()
}

/// Go's `writeLines`: cells in a known column are padded to its width.
fn write_lines(lines: &[Vec<&str>], line0: usize, line1: usize, widths: &[usize], out: &mut String) {
    for (i, line) in lines.iter().enumerate().take(line1).skip(line0) {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if let Some(&w) = widths.get(j) {
                out.extend(std::iter::repeat_n(' ', w.saturating_sub(cell_width(cell))));
            }
        }
        if i + 1 < lines.len() {
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn describe(text: &str) -> String {
        let mut w = TabWriter::describe();
        w.write(text);
        w.flush()
    }

    /// The example from Go's package documentation: b and c are in distinct
    /// columns because the b column is not contiguous; d and e are in none.
    #[test]
    fn column_blocks_are_contiguous_lines() {
        let got = describe("aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n");
        assert_eq!(got, "aaaa  bbb  d\naa    b    dd\na     \naa    cccc  eee\n");
    }

    /// A line without a tab ends every block: `describe`'s section headers
    /// (`Containers:`, `Command:`) restart the alignment.
    #[test]
    fn a_line_without_tabs_restarts_alignment() {
        let got = describe(
            "Name:\tweb-0\nService Account:\tdefault\nIPs:\n  IP:\t10.0.0.1\nControlled By:\tReplicaSet/web\n",
        );
        assert_eq!(
            got,
            "Name:             web-0\n\
             Service Account:  default\n\
             IPs:\n  \
             IP:           10.0.0.1\n\
             Controlled By:  ReplicaSet/web\n"
        );
    }

    /// Trailing text and an unterminated last line are written unpadded.
    #[test]
    fn trailing_cells_are_not_padded() {
        assert_eq!(describe("a\tb \nccc\td"), "a    b \nccc  d");
    }

    /// `kubectl get`: minwidth 6 and padding 3, the last column unpadded.
    #[test]
    fn get_settings_pad_by_three_with_minimum_six() {
        let mut w = TabWriter::get();
        w.write("NAME\tREADY\tAGE\nweb-0\t1/1\t5s\n");
        assert_eq!(w.flush(), "NAME    READY   AGE\nweb-0   1/1     5s\n");
    }

    /// `RememberWidths`: a later flush never narrows a column, and widens it
    /// (for later flushes only) when a wider cell arrives.
    #[test]
    fn remembered_widths_survive_flushes() {
        let mut w = TabWriter::get();
        w.write("NAME\tSTATUS\tAGE\na\tPending\t0s\n");
        assert_eq!(w.flush(), "NAME   STATUS    AGE\na      Pending   0s\n");
        w.write("a\tRunning\t1s\n");
        assert_eq!(w.flush(), "a      Running   1s\n");
        w.write("a\tCrashLoopBackOff\t9s\n");
        assert_eq!(w.flush(), "a      CrashLoopBackOff   9s\n");
        w.write("a\tError\t10s\n");
        assert_eq!(w.flush(), "a      Error              10s\n");
    }

    /// Widths are runes: `µ` counts as one.
    #[test]
    fn width_counts_runes() {
        assert_eq!(describe("µs\tx\nabc\ty\n"), "µs   x\nabc  y\n");
    }
}
