/**
 * The command line of the jar: one class per command ({@code serve}, {@code demo}, {@code
 * import}, {@code export}, {@code report}, {@code list}, {@code status}, {@code migrate}).
 */
package dev.incidenttimeline.bot.cli;
