// `kpi trend --format json`: the trend model as is, a series at a time (a million groups are a million series).
import { jsonChunks } from '../json.js';
import type { TrendRenderer } from './index.js';

export const renderTrendJson: TrendRenderer = (trend) => ({ chunks: jsonChunks(trend, 'series') });
