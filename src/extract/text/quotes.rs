//! Quoted spans, whose first person is their speaker.

/// Quoted passages inside single lines, as spans that include the quote marks. Curly quotes
/// pair “ with ”; straight double quotes pair in order. A quote left open at the end of its
/// line runs to the line end, as multi-paragraph quotes do in news copy.
pub fn quotes(text: &str, body_start: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut line_start = body_start;
    for line in text[body_start..].split_inclusive('\n') {
        let mut open: Option<usize> = None;
        for (i, c) in line.char_indices() {
            match (c, open) {
                ('“', None) | ('"', None) => open = Some(i),
                ('”', Some(s)) | ('"', Some(s)) => {
                    out.push((line_start + s, line_start + i + c.len_utf8()));
                    open = None;
                }
                _ => {}
            }
        }
        if let Some(s) = open {
            out.push((line_start + s, line_start + line.trim_end().len()));
        }
        line_start += line.len();
    }
    out
}
