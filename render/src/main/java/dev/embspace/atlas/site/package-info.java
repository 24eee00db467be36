/**
 * The atlas as files: stages that run each analysis once and write its data as scripts
 * ({@link dev.embspace.atlas.site.LayerStage} for the FF units and the token index,
 * {@link dev.embspace.atlas.site.HeadStage} for the heads), the Mustache-rendered pages
 * ({@link dev.embspace.atlas.site.Pages}) and the static assets. Data files are scripts that store
 * a JSON value under a key ({@link dev.embspace.atlas.site.ScriptData}) because pages opened from
 * disk may run neighbouring scripts but not fetch() them.
 */
package dev.embspace.atlas.site;
