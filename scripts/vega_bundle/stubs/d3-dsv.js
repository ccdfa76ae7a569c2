// Stands in for d3-dsv in the book's Vega (scripts/vendor_assets.sh, esbuild --alias): the
// book's charts carry their data inline, never as csv / tsv / dsv text.
export const dsvFormat = () => {
  throw new Error("dsvFormat: csv/tsv are not in the book's Vega bundle (scripts/vega_bundle)");
};
