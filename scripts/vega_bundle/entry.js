// The book's Vega: vega 6.4.0's own entry (node_modules/vega/index.js) with only the
// transforms the book's compiled charts can use, and the tooltip handler vega-embed used.
//
// Registered: every transform of vega-transforms (data transforms: filter, formula, fold,
// stack...), vega-view-transforms and vega-encode (what the parser inserts for marks, axes,
// legends, scales). Left out: vega-geo, vega-force, vega-hierarchy, vega-label,
// vega-regression, vega-voronoi, vega-wordcloud, vega-crossfilter. Built by
// scripts/vendor_assets.sh (esbuild); the registered names go to transforms.json beside the
// bundle, and the build of the book fails when a chart needs one that is not there
// (_ext/offline_assets.py).
import {extend} from 'vega-util';
import {transforms} from 'vega-dataflow';
import * as tx from 'vega-transforms';
import * as vtx from 'vega-view-transforms';
import * as encode from 'vega-encode';

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
