package fr.goodair.reports;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Rectangle2D;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.time.Day;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2D;
import org.apache.batik.svggen.SVGGraphics2DIOException;
import org.apache.batik.svggen.SVGIDGenerator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The reports' charts: JFreeChart draws them, Batik's SVG generator records the drawing as an SVG element to
 * inline in the page. Each chart gets an id, used as the element's id and as the prefix of its clip-path ids, so that several
 * charts on one page never share a definition.
 */
final class SvgCharts {

  /** A bar of a category chart: its series (colour), category (position on the axis) and height. */
  record Bar(String series, String category, double value) {}

  static final Color GRID = new Color(0xDDDDDD);
  private static final StandardChartTheme THEME = theme();

  static {
    // JFreeChart otherwise draws rotated labels (vertical axis titles, slanted categories) as glyph outlines,
    // which the SVG generator records as long paths: an SVG text element with a rotation is a tenth of the size.
    TextUtils.setUseDrawRotatedStringWorkaround(false);
  }

  private SvgCharts() {}

  /** One line per city of daily values over local days; gaps stay gaps. */
  static String dailyLines(String id, String title, String unit, Map<String, SortedMap<LocalDate, Double>> byCity) {
    TimeSeriesCollection dataset = new TimeSeriesCollection();
    byCity.forEach((city, values) -> {
      TimeSeries series = new TimeSeries(city);
      values.forEach((day, value) -> series.add(new Day(day.getDayOfMonth(), day.getMonthValue(), day.getYear()),
          value));
      dataset.addSeries(series);
    });
    JFreeChart chart = ChartFactory.createTimeSeriesChart(title, "local day", unit, dataset, true, false, false);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    ((XYPlot) chart.getPlot()).setRenderer(renderer);
    return svg(id, styled(chart), 540, 300);
  }

  /**
   * Bars per category, side by side or stacked, in the given series colours (series without one get the
   * theme's).
   */
  static String bars(String id, String title, String valueLabel, List<Bar> bars, boolean stacked,
      Map<String, Color> colours) {
    DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    bars.forEach(b -> dataset.addValue(b.value(), b.series(), b.category()));
    JFreeChart chart = stacked
        ? ChartFactory.createStackedBarChart(title, null, valueLabel, dataset, PlotOrientation.VERTICAL, true,
            false, false)
        : ChartFactory.createBarChart(title, null, valueLabel, dataset, PlotOrientation.VERTICAL, true, false,
            false);
    styled(chart);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    plot.getRangeAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    for (int i = 0; i < dataset.getRowCount(); i++) {
      Color colour = colours.get(dataset.getRowKey(i).toString());
      if (colour != null) {
        renderer.setSeriesPaint(i, colour);
      }
    }
    return svg(id, chart, 540, 320);
  }

  /**
   * A correlation matrix: {@code r[i][j]} between {@code variables.get(i)} (row) and {@code variables.get(j)}
   * (column), NaN where there is no coefficient (grey); blue for -1, white for 0, red for +1.
   */
  static String heatmap(String id, String title, List<String> variables, double[][] r) {
    int size = variables.size();
    double[][] xyz = new double[3][size * size];
    for (int i = 0; i < size; i++) {
      for (int j = 0; j < size; j++) {
        xyz[0][i * size + j] = j;
        xyz[1][i * size + j] = i;
        xyz[2][i * size + j] = r[i][j];
      }
    }
    DefaultXYZDataset dataset = new DefaultXYZDataset();
    dataset.addSeries("pearson", xyz);
    String[] labels = variables.toArray(String[]::new);
    SymbolAxis columns = new SymbolAxis(null, labels);
    columns.setVerticalTickLabels(true);
    SymbolAxis rows = new SymbolAxis(null, labels);
    rows.setInverted(true);
    XYBlockRenderer renderer = new XYBlockRenderer();
    PaintScale scale = new DivergingScale();
    renderer.setPaintScale(scale);
    XYPlot plot = new XYPlot(dataset, columns, rows, renderer);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    styled(chart);
    NumberAxis legendAxis = new NumberAxis("Pearson r");
    legendAxis.setRange(-1, 1);
    legendAxis.setTickUnit(new NumberTickUnit(0.5));
    PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setStripWidth(12);
    legend.setSubdivisionCount(20);
    legend.setMargin(4, 4, 40, 4);
    chart.addSubtitle(legend);
    return svg(id, chart, 440, 420);
  }

  /** One line per city: Pearson r of y taken {@code lag} hours after x, for lags 0, 1, 2…. */
  static String lagProfile(String id, String title, Map<String, SortedMap<Integer, Double>> byCity) {
    XYSeriesCollection dataset = new XYSeriesCollection();
    byCity.forEach((city, values) -> {
      XYSeries series = new XYSeries(city);
      values.forEach(series::add);
      dataset.addSeries(series);
    });
    JFreeChart chart = ChartFactory.createXYLineChart(title, "lag (hours, y after x)", "Pearson r", dataset,
        PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setRenderer(new XYLineAndShapeRenderer(true, true));
    plot.getRangeAxis().setRange(-1, 1);
    ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    return svg(id, styled(chart), 540, 300);
  }

  private static JFreeChart styled(JFreeChart chart) {
    THEME.apply(chart);
    return chart;
  }

  private static String svg(String id, JFreeChart chart, int width, int height) {
    Document document;
    try {
      document = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("no XML document builder in this JVM", e);
    }
    SVGGeneratorContext context = SVGGeneratorContext.createDefault(document);
    // A tenth of a pixel is finer than any screen shows; more digits would double the page's size.
    context.setPrecision(1);
    context.setComment(null);
    context.setIDGenerator(new SVGIDGenerator() {
      @Override
      public String generateID(String prefix) {
        return super.generateID(id + "-" + prefix);
      }
    });
    SVGGraphics2D g2 = new SVGGraphics2D(context, false);
    g2.setSVGCanvasSize(new Dimension(width, height));
    chart.draw(g2, new Rectangle2D.Double(0, 0, width, height));
    Element root = g2.getRoot();
    root.setAttribute("id", id);
    // A viewBox lets the page scale the chart down on a narrow screen.
    root.setAttribute("viewBox", "0 0 " + width + " " + height);
    StringWriter out = new StringWriter();
    try {
      g2.stream(root, out, true, false);
    } catch (SVGGraphics2DIOException e) {
      throw new IllegalStateException("cannot write the SVG of chart " + id, e);
    }
    // The element goes inside an HTML page: no XML declaration.
    return out.toString().replaceFirst("^<\\?xml[^>]*\\?>\\s*", "");
  }

  /** Flat colours and the logical sans-serif font (Batik writes it as "sans-serif": no font to fetch). */
  private static StandardChartTheme theme() {
    StandardChartTheme theme = new StandardChartTheme("GoodAir");
    theme.setExtraLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    theme.setLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
    theme.setRegularFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    theme.setSmallFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    theme.setPlotBackgroundPaint(Color.WHITE);
    theme.setDomainGridlinePaint(GRID);
    theme.setRangeGridlinePaint(GRID);
    theme.setBarPainter(new StandardBarPainter());
    theme.setShadowVisible(false);
    return theme;
  }

  /** -1 blue, 0 white, +1 red; no value grey. */
  private static final class DivergingScale implements PaintScale {

    private static final Color NEGATIVE = new Color(0x2166AC);
    private static final Color POSITIVE = new Color(0xB2182B);

    @Override
    public double getLowerBound() {
      return -1;
    }

    @Override
    public double getUpperBound() {
      return 1;
    }

    @Override
    public Paint getPaint(double value) {
      if (Double.isNaN(value)) {
        return GRID;
      }
      double r = Math.max(-1, Math.min(1, value));
      Color end = r < 0 ? NEGATIVE : POSITIVE;
      double w = Math.abs(r);
      return new Color(mix(255, end.getRed(), w), mix(255, end.getGreen(), w), mix(255, end.getBlue(), w));
    }

    private static int mix(int from, int to, double weight) {
      return (int) Math.round(from + (to - from) * weight);
    }
  }
}
