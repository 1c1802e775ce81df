/** What a route tells the shell: the page's own title (the document title is "title — Token
 * Factory"). */
export interface RouteTitle {
  title: string;
}
