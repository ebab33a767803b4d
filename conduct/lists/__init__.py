"""The College of Policing's Police Barred List and Police Advisory List: the reports a force must
make (Police Act 1996 Part 4A; Police Barred List and Police Advisory List Regulations 2017)."""
