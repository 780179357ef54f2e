import { createContext, useContext } from 'react';

/**
 * How often the tiles of a board refetch their data: every few minutes while the board is
 * presented on a screen, never otherwise (the usual staleness rules apply then).
 */
export const BoardRefreshContext = createContext<number | false>(false);

export const useBoardRefresh = () => useContext(BoardRefreshContext);

export const PRESENTATION_REFRESH_MS = 5 * 60_000;
