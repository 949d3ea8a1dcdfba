/**
 * The deletion function: runs the job a deletion order names, removing a person's or a session's
 * data from every table (issue 23).
 */
package com.theeye.deletion;
