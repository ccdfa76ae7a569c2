// Stands in for d3-geo in the book's Vega (scripts/vendor_assets.sh, esbuild --alias): no chart
// of the book calls Vega's geoArea / geoBounds / geoCentroid expression functions.
const missing = (name) => () => {
  throw new Error(`${name}: d3-geo is not in the book's Vega bundle (scripts/vega_bundle)`);
};
export const geoArea = missing("geoArea");
export const geoBounds = missing("geoBounds");
export const geoCentroid = missing("geoCentroid");
