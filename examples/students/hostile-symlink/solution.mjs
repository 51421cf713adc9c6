// Hostile on purpose: implements nothing itself; borrowed.mjs is a symbolic link to another solution
// outside this folder (../correct.mjs), which Node's permission model lets through (it checks the
// link's path, not its target). The sandbox copies only the submission's own files and refuses a link
// out of its folder: the submission does not load (0/31), and the report names the link.
export * from './borrowed.mjs';
