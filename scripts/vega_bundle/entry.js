// The book's Vega: vega 6.4.0's own entry (node_modules/vega/index.js) with only the
// transforms the book's compiled charts can use, and the tooltip handler vega-embed used.
//
// Registered: the data transforms of vega-transforms that the parser inserts itself (collect,
// aggregate, facet, sieve, ...) or that the book's charts use (filter, flatten, fold, formula,
// impute, joinaggregate, lookup, sequence, window; stack is vega-encode's), every transform of
// vega-view-transforms and vega-encode (what the parser inserts for marks, axes, legends,
// scales). Each vega-transforms one is imported from its own source file so that esbuild
// leaves the rest out (the package's build/ file registers them all). Left out: bin, cross,
// density, dotbin, kde, pivot, quantile, sample, timeunit, countpattern, generate,
// and vega-geo, vega-force, vega-hierarchy, vega-label, vega-regression, vega-voronoi,
// vega-wordcloud, vega-crossfilter. The build of the book fails when a chart needs a
// transform that is not here (_ext/offline_assets.py reads transforms.json, which describe.js
// writes beside the bundle): add its import below and rebuild (scripts/vendor_assets.sh).
//
// Not bundled either: d3-geo (the geoArea/geoBounds/geoCentroid expression functions),
// topojson-client and d3-dsv (the topojson/csv/tsv data formats). scripts/vendor_assets.sh
// points them at stubs/ (esbuild --alias), whose functions throw when called.
import {extend} from 'vega-util';
import {transforms} from 'vega-dataflow';
import * as vtx from 'vega-view-transforms';
import * as encode from 'vega-encode';
import aggregate from './node_modules/vega-transforms/src/Aggregate.js';
import collect from './node_modules/vega-transforms/src/Collect.js';
import compare from './node_modules/vega-transforms/src/Compare.js';
import expression from './node_modules/vega-transforms/src/Expression.js';
import extent from './node_modules/vega-transforms/src/Extent.js';
import facet from './node_modules/vega-transforms/src/Facet.js';
import field from './node_modules/vega-transforms/src/Field.js';
import filter from './node_modules/vega-transforms/src/Filter.js';
import flatten from './node_modules/vega-transforms/src/Flatten.js';
import fold from './node_modules/vega-transforms/src/Fold.js';
import formula from './node_modules/vega-transforms/src/Formula.js';
import impute from './node_modules/vega-transforms/src/Impute.js';
import joinaggregate from './node_modules/vega-transforms/src/JoinAggregate.js';
import key from './node_modules/vega-transforms/src/Key.js';
import load from './node_modules/vega-transforms/src/Load.js';
import lookup from './node_modules/vega-transforms/src/Lookup.js';
import multiextent from './node_modules/vega-transforms/src/MultiExtent.js';
import multivalues from './node_modules/vega-transforms/src/MultiValues.js';
import params from './node_modules/vega-transforms/src/Params.js';
import prefacet from './node_modules/vega-transforms/src/PreFacet.js';
import project from './node_modules/vega-transforms/src/Project.js';
import proxy from './node_modules/vega-transforms/src/Proxy.js';
import relay from './node_modules/vega-transforms/src/Relay.js';
import sequence from './node_modules/vega-transforms/src/Sequence.js';
import sieve from './node_modules/vega-transforms/src/Sieve.js';
import subflow from './node_modules/vega-transforms/src/Subflow.js';
import tupleindex from './node_modules/vega-transforms/src/TupleIndex.js';
import values from './node_modules/vega-transforms/src/Values.js';
import windowTx from './node_modules/vega-transforms/src/Window.js';

const tx = {
  aggregate, collect, compare, expression, extent, facet, field, filter,
  flatten, fold, formula, impute, joinaggregate, key, load, lookup,
  multiextent, multivalues, params, prefacet, project, proxy, relay, sequence,
  sieve, subflow, tupleindex, values, window: windowTx
};

extend(transforms, tx, vtx, encode);

export {version} from './node_modules/vega/package.json';
export {Warn} from 'vega-util';
export {transforms} from 'vega-dataflow';
export {View} from 'vega-view';
export {parse} from 'vega-parser';
export {expressionFunction} from 'vega-functions';
export {scheme} from 'vega-scale';
export {
  numberFormatDefaultLocale as formatLocale,
  timeFormatDefaultLocale as timeFormatLocale
} from 'vega-format';
export {Handler as TooltipHandler} from 'vega-tooltip';
