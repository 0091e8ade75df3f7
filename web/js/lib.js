// The view library, in one place: Preact with htm tagged templates (no build
// step). The files under ../vendor/ are copied there by scripts/setup-web.
import { h, render, Fragment, createContext } from '../vendor/preact.js';
import {
  useState, useEffect, useRef, useCallback, useMemo, useContext, useId,
} from '../vendor/hooks.js';
import htm from '../vendor/htm.js';

export const html = htm.bind(h);
export {
  h, render, Fragment, createContext,
  useState, useEffect, useRef, useCallback, useMemo, useContext, useId,
};
