// reports/pdf_canvas.h — a small drawing surface for printed documents: Cairo PDF pages with
// Thai text laid out by Pango (HarfBuzz shaping, libthai line breaking) in Laksaman, the
// TH Sarabun PSK derivative that Debian ships (DESIGN.md §5, §7).
//
// Units are PDF points (1/72 inch); x grows rightwards and y downwards from the page's top left.
// A document is a function that draws onto the canvas, calling NewPage() when a page is full.
// Render() runs that function twice: once to count the pages and once for real, so every
// footer can say "หน้า 1/3" without each document pre-computing its pagination. The function
// must therefore draw the same thing both times (it only learns page_count() on the second).
//
// Drawing calls do not return errors one by one: Cairo latches its first error, Render()
// checks it after each pass and reports it as Status::Internal("pdf.cairo").
// Not thread-safe; each Render() call owns its surface, so concurrent renders are fine.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.h"
#include "core/status.h"
#include "core/thai.h"

typedef struct _cairo cairo_t;
typedef struct _cairo_surface cairo_surface_t;
typedef struct _PangoLayout PangoLayout;

namespace klang::reports {

enum class PageOrientation { kPortrait, kLandscape };
enum class Align { kLeft, kCenter, kRight };

struct Rgb {
  double red = 0, green = 0, blue = 0;
};
inline constexpr Rgb kBlack{0, 0, 0};
inline constexpr Rgb kGrey{0.35, 0.35, 0.35};
inline constexpr Rgb kHeaderFill{0.88, 0.88, 0.88};
inline constexpr Rgb kAlertRed{0.75, 0.05, 0.05};

struct TextStyle {
  double size_pt = 14;  // Laksaman runs small: 14 pt reads like 10.5 pt of a Latin font
  bool bold = false;
  Align align = Align::kLeft;
  // Wrap onto as many lines as needed. Otherwise the text stays on one line and, if too wide,
  // is shrunk (shrink_to_fit, for amounts: a figure must never be cut) or ends in "…".
  bool wrap = false;
  bool shrink_to_fit = false;
  Rgb color = kBlack;
};

struct PageSetup {
  PageOrientation orientation = PageOrientation::kPortrait;
  double margin_left_pt = 42, margin_right_pt = 36, margin_top_pt = 36, margin_bottom_pt = 30;
  std::string title;  // PDF metadata
};

class PdfCanvas {
 public:
  using DrawFunction = std::function<Status(PdfCanvas& canvas)>;

  // Returns the PDF bytes of the document that `draw` produces (A4). A non-OK Status from
  // `draw` is returned as is.
  static Result<std::string> Render(const PageSetup& setup, const DrawFunction& draw);

  PdfCanvas(const PdfCanvas&) = delete;
  PdfCanvas& operator=(const PdfCanvas&) = delete;
  ~PdfCanvas();

  double page_width() const { return page_width_; }
  double page_height() const { return page_height_; }
  // The printable box inside the margins.
  double left() const { return setup_.margin_left_pt; }
  double right() const { return page_width_ - setup_.margin_right_pt; }
  double top() const { return setup_.margin_top_pt; }
  double bottom() const { return page_height_ - setup_.margin_bottom_pt; }
  double content_width() const { return right() - left(); }

  int page_number() const { return page_number_; }  // 1-based
  int page_count() const { return page_count_; }    // 0 during the counting pass

  // Draws `text` in the box [x, x + width] with its top at y; returns the height used.
  double Text(double x, double y, double width, std::string_view text, const TextStyle& style);
  // What Text() would use, without drawing.
  double TextHeight(double width, std::string_view text, const TextStyle& style);
  double TextWidth(std::string_view text, const TextStyle& style);
  // Height of one line of text in `style`, for rows that must not depend on their content.
  double LineHeight(const TextStyle& style) { return TextHeight(0, "ก", style); }

  void Line(double x0, double y0, double x1, double y1, double width_pt = 0.5, Rgb color = kBlack);
  void StrokeRect(double x, double y, double width, double height, double line_width_pt = 0.5,
                  Rgb color = kBlack);
  void FillRect(double x, double y, double width, double height, Rgb color);

  // Ends the current page and starts the next.
  void NewPage();

  // "ลงชื่อ ........................ ผู้จัดทำ" centred in [x, x + width], with "(name)" (or a
  // dotted blank) centred under the dotted line; returns the height used.
  double SignatureBlock(double x, double y, double width, std::string_view role,
                        std::string_view name, double size_pt);

 private:
  // Draws on `surface`, which the caller owns and finishes.
  PdfCanvas(const PageSetup& setup, cairo_surface_t* surface, int page_count);
  // Sets the layout up for `text`; returns the font size actually used.
  double PrepareLayout(std::string_view text, double width, const TextStyle& style);

  PageSetup setup_;
  double page_width_ = 0, page_height_ = 0;
  cairo_t* cairo_ = nullptr;       // owned
  PangoLayout* layout_ = nullptr;  // owned; reused for every piece of text
  int page_number_ = 1;
  int page_count_ = 0;
};

// One row of a table: cells laid out left to right; a cell may span several columns.
struct TableCell {
  std::string text;
  int span = 1;
  Align align = Align::kLeft;
  bool bold = false;
  bool wrap = false;  // otherwise one line: amounts shrink to fit, other text ends in "…"
};

// Column geometry and cell drawing for ruled tables (grid lines on every cell).
class Table {
 public:
  // Cell text sits `padding_x_pt` from the vertical rules and `padding_y_pt` from the others.
  Table(double x, std::vector<double> column_widths, double size_pt, double padding_x_pt = 5,
        double padding_y_pt = 3);

  double x() const { return x_; }
  double width() const;
  double column_x(int column) const;  // left edge of `column`
  double span_width(int first_column, int span) const;

  // Height the row needs: the tallest cell plus padding, at least one line.
  double RowHeight(PdfCanvas& canvas, const std::vector<TableCell>& cells) const;
  // Draws a row with its top at y; `fill` shades the background (e.g. kHeaderFill).
  void DrawRow(PdfCanvas& canvas, double y, double height, const std::vector<TableCell>& cells,
               const Rgb* fill = nullptr) const;
  // Draws text centred in a box with a border; for header cells spanning rows or columns.
  void DrawBox(PdfCanvas& canvas, double x, double y, double width, double height,
               std::string_view text, bool bold, const Rgb* fill = nullptr) const;

 private:
  double x_;
  std::vector<double> widths_;
  double size_pt_;
  double padding_x_pt_;
  double padding_y_pt_;
};

// "1,234.50" in the chosen digits; zero prints as "-" so an empty cell cannot be filled later.
std::string AmountCell(Money amount, DigitStyle digits);
// Applies the digit style to text we generate ("2569", "หน้า 1/3").
std::string Digits(std::string text, DigitStyle digits);

}  // namespace klang::reports
