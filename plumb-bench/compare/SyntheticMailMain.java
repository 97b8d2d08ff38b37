// Writes a generated mail folder (dev.plumb.testing.SyntheticMail) for sparse-text.sh:
//   java -cp plumb-core/target/classes:plumb-testing/target/classes SyntheticMailMain.java DIR MESSAGES TERMS SEED
public class SyntheticMailMain {
    public static void main(String[] args) {
        System.out.println(dev.plumb.testing.SyntheticMail.write(java.nio.file.Path.of(args[0]),
                Integer.parseInt(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3])));
    }
}
