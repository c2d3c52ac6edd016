/** The element that holds the configurator's server HTML and the query it was rendered from. */
export const ISLAND_ID = 'configurator';
