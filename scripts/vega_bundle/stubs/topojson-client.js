// Stands in for topojson-client in the book's Vega (scripts/vendor_assets.sh, esbuild --alias):
// the book's charts carry their data inline, never in the topojson format.
const missing = (name) => () => {
  throw new Error(`${name}: topojson is not in the book's Vega bundle (scripts/vega_bundle)`);
};
export const feature = missing("feature");
export const mesh = missing("mesh");
