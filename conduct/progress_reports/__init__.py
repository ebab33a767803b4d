"""Reports on investigations running past 12 months (issue 19, point 7): Police (Conduct)
Regulations 2020 reg 19 and, for Schedule 3 investigations, Police (Complaints and Misconduct)
Regulations 2020 reg 13. docs/rules.md, "Reports on investigations past 12 months"."""
