//! The book's charts, drawn with plotters into SVG: one horizontal bar per figure, Rust in one
//! colour and Python in another, a whisker from the fastest to the slowest run.

use crate::stats::Stat;
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::prelude::*;
use std::path::Path;

pub struct Bar {
    pub label: String,
    pub stat: Stat,
    pub python: bool,
}

impl Bar {
    /// A bar labelled as its figure is in the tables, less the markdown: an SVG has no code font.
    pub fn new(label: &str, stat: Stat, python: bool) -> Bar {
        Bar {
            label: label.replace('`', ""),
            stat,
            python,
        }
    }
}

pub struct Chart {
    pub title: String,
    pub x_desc: &'static str,
    /// Multiply each figure by this to get the axis unit (1e6 for µs).
    pub scale: f64,
    pub log: bool,
    /// A vertical line: the limit or the ideal.
    pub reference: Option<(f64, String)>,
}

const RUST: RGBColor = RGBColor(0xb7, 0x41, 0x0e);
const PYTHON: RGBColor = RGBColor(0x30, 0x69, 0x98);

pub fn draw(path: &Path, chart: &Chart, bars: &[Bar]) -> Result<(), Box<dyn std::error::Error>> {
    let values = bars
        .iter()
        .flat_map(|b| [b.stat.min, b.stat.max])
        .chain(chart.reference.as_ref().map(|r| r.0));
    let (lo, hi) = values.fold((f64::MAX, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (lo, hi) = (lo * chart.scale, hi * chart.scale);
    if chart.log {
        draw_on(
            path,
            chart,
            bars,
            (lo / 2.0..hi * 8.0).log_scale(),
            lo / 2.0,
        )
    } else {
        draw_on(path, chart, bars, 0.0..hi * 1.4, 0.0)
    }
}

fn draw_on<X>(
    path: &Path,
    chart: &Chart,
    bars: &[Bar],
    x: X,
    base: f64,
) -> Result<(), Box<dyn std::error::Error>>
where
    X: AsRangedCoord<Value = f64>,
    X::CoordDescType: ValueFormatter<f64>,
{
    let height = 90 + 30 * bars.len() as u32;
    let root = SVGBackend::new(path, (860, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let n = bars.len() as u32;
    let mut ctx = ChartBuilder::on(&root)
        .caption(&chart.title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(330)
        .build_cartesian_2d(x, (0u32..n - 1).into_segmented())?;
    let label = |v: &SegmentValue<u32>| match v {
        // Bars run top to bottom in the order given.
        SegmentValue::CenterOf(i) if *i < n => bars[(n - 1 - i) as usize].label.clone(),
        _ => String::new(),
    };
    ctx.configure_mesh()
        .disable_y_mesh()
        .y_labels(bars.len())
        .y_label_formatter(&label)
        .x_label_formatter(&|v| axis_number(*v))
        .x_desc(chart.x_desc)
        .label_style(("sans-serif", 13))
        .draw()?;
    for (i, bar) in bars.iter().enumerate() {
        let row = n - 1 - i as u32;
        let colour = if bar.python { PYTHON } else { RUST };
        let s = chart.scale;
        let mut rect = Rectangle::new(
            [
                (base, SegmentValue::Exact(row)),
                (bar.stat.median * s, SegmentValue::Exact(row + 1)),
            ],
            colour.mix(0.85).filled(),
        );
        rect.set_margin(5, 5, 0, 0);
        ctx.draw_series(std::iter::once(rect))?;
        ctx.draw_series(std::iter::once(PathElement::new(
            vec![
                (bar.stat.min * s, SegmentValue::CenterOf(row)),
                (bar.stat.max * s, SegmentValue::CenterOf(row)),
            ],
            BLACK.stroke_width(2),
        )))?;
    }
    if let Some((value, name)) = &chart.reference {
        let v = value * chart.scale;
        ctx.draw_series(std::iter::once(PathElement::new(
            vec![(v, SegmentValue::Exact(0)), (v, SegmentValue::Exact(n))],
            BLACK.stroke_width(1),
        )))?
        .label(name)
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK));
    }
    ctx.draw_series(std::iter::empty::<Rectangle<(f64, SegmentValue<u32>)>>())?
        .label("Rust")
        .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 20, y + 6)], RUST.filled()));
    ctx.draw_series(std::iter::empty::<Rectangle<(f64, SegmentValue<u32>)>>())?
        .label("Python")
        .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 20, y + 6)], PYTHON.filled()));
    ctx.configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .label_font(("sans-serif", 13))
        .draw()?;
    root.present()?;
    Ok(())
}

/// 0.5, 2, 100, 10000: no trailing ".0" on the axis.
fn axis_number(v: f64) -> String {
    if v >= 1.0 && v.fract().abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}
